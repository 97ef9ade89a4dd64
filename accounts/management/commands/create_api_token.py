"""Create an API token for a user; the key is printed alone on the last line."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import API_TOKEN_DEFAULT_DAYS, API_TOKEN_MAX_DAYS, User
from accounts.services import api_token_create


class Command(BaseCommand):
    help = (
        "Crée un jeton d'API (lecture seule sauf --lecture-ecriture) pour un utilisateur et "
        "affiche la clé sur la dernière ligne."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", default="jeton en ligne de commande")
        parser.add_argument(
            "--lecture-ecriture",
            "--read-write",
            action="store_true",
            dest="can_write",
            help="Autorise aussi l'écriture (par défaut : lecture seule).",
        )
        parser.add_argument(
            "--jours",
            "--days",
            type=int,
            default=API_TOKEN_DEFAULT_DAYS,
            dest="days",
            help=f"Durée de validité en jours ({API_TOKEN_DEFAULT_DAYS} par défaut, "
            f"{API_TOKEN_MAX_DAYS} au plus).",
        )

    def handle(
        self, *args: Any, email: str, name: str, can_write: bool, days: int, **options: Any
    ) -> None:
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise CommandError(f"Aucun utilisateur actif avec l'adresse {email}.")
        try:
            token, key = api_token_create(user=user, name=name, can_write=can_write, days=days)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        access = "lecture et écriture" if can_write else "lecture seule"
        self.stdout.write(
            f"Jeton « {name} » ({access}, valable jusqu'au {token.expires_at:%d/%m/%Y}) créé "
            f"pour {user.email}. Clé (affichée une seule fois) :"
        )
        self.stdout.write(key)
