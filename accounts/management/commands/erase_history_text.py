"""Erase a free text from the past versions of a record (dry run unless --wet-run)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.erasure import history_text_erase
from accounts.models import User


class Command(BaseCommand):
    help = (
        "Efface un texte libre (nom d'une personne saisi par erreur) des versions passées "
        "d'une fiche, après correction de la fiche elle-même. Sans --wet-run, compte seulement."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("model", help="Modèle, par exemple masp.ActivityReport.")
        parser.add_argument("pk", help="Identifiant de la fiche.")
        parser.add_argument("field", help="Champ de texte libre, par exemple justification.")
        parser.add_argument("--by", required=True, help="Adresse de l'agent qui efface.")
        parser.add_argument("--wet-run", action="store_true", help="Efface réellement.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            model = apps.get_model(options["model"])
        except (LookupError, ValueError) as error:
            raise CommandError(f"Modèle inconnu : {options['model']}") from error
        instance = model._default_manager.filter(pk=options["pk"]).first()
        if instance is None:
            raise CommandError(f"Aucune fiche {options['model']} n° {options['pk']}.")
        actor = User.objects.filter(email__iexact=options["by"], is_active=True).first()
        if actor is None:
            raise CommandError(f"Aucun compte actif pour {options['by']}.")
        try:
            count = history_text_erase(
                instance=instance,
                field_name=options["field"],
                actor=actor,
                wet_run=options["wet_run"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if options["wet_run"]:
            self.stdout.write(f"{count} version(s) effacée(s).")
        else:
            self.stdout.write(f"{count} version(s) à effacer (relancez avec --wet-run).")
