"""Forms of the accounts app."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from accounts.enums import Role
from accounts.scopes import scope_for
from common.forms import PortalForm
from masp.models import Site
from territories.models import Region


class InvitationForm(PortalForm):
    email = forms.EmailField(label=_("Adresse électronique"))
    role = forms.ChoiceField(label=_("Rôle"))
    region = forms.ModelChoiceField(
        label=_("Région (agent d'ARS)"), queryset=Region.objects.all(), required=False
    )
    site = forms.ModelChoiceField(
        label=_("Maison (coordination)"), queryset=Site.objects.none(), required=False
    )

    def __init__(self, *args: Any, inviter: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scope = scope_for(inviter)
        roles = (
            list(Role.choices)
            if scope.is_national_admin
            else [(Role.COORDINATOR.value, Role.COORDINATOR.label)]
        )
        self.fields["role"].choices = roles
        self.fields["site"].queryset = Site.objects.visible_to(inviter).order_by("name")
        if not scope.is_national_admin:
            del self.fields["region"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role = data.get("role")
        if role == Role.ARS_AGENT and not data.get("region"):
            self.add_error("region", _("Choisissez la région de l'agent d'ARS."))
        if role == Role.COORDINATOR and not data.get("site"):
            self.add_error("site", _("Choisissez la maison coordonnée."))
        return data


class AcceptInvitationForm(PortalForm):
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    password1 = forms.CharField(
        label=_("Mot de passe"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Au moins 12 caractères, pas uniquement des chiffres."),
    )
    password2 = forms.CharField(
        label=_("Confirmation du mot de passe"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Les deux mots de passe ne correspondent pas."))
        elif first:
            try:
                password_validation.validate_password(first)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class ApiTokenForm(PortalForm):
    name = forms.CharField(
        label=_("Nom du jeton"),
        max_length=100,
        help_text=_("Par exemple : script d'export hebdomadaire."),
    )
