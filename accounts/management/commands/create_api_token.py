"""Create an API token for a user; the key is printed alone on the last line."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import User
from accounts.services import api_token_create


class Command(BaseCommand):
    help = "Crée un jeton d'API pour un utilisateur et affiche la clé sur la dernière ligne."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", default="jeton en ligne de commande")

    def handle(self, *args: Any, email: str, name: str, **options: Any) -> None:
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise CommandError(f"Aucun utilisateur actif avec l'adresse {email}.")
        _token, key = api_token_create(user=user, name=name)
        self.stdout.write(
            f"Jeton « {name} » créé pour {user.email}. Clé (affichée une seule fois) :"
        )
        self.stdout.write(key)
