"""Forms of the accounts app."""

from __future__ import annotations

from typing import Any

from django import forms
from django.apps import apps
from django.contrib.auth import password_validation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.enums import Role
from accounts.models import API_TOKEN_DEFAULT_DAYS, API_TOKEN_MAX_DAYS
from accounts.scopes import scope_for
from accounts.services import is_own_address
from common.forms import NamedChoiceField, PortalForm
from territories.models import Region


class InvitationForm(PortalForm):
    email = forms.EmailField(label=_("Adresse électronique"))
    role = forms.ChoiceField(label=_("Rôle"))
    region = NamedChoiceField(
        label=_("Région (agent d'ARS)"), queryset=Region.objects.all(), required=False
    )
    site: forms.ModelChoiceField[Any] = NamedChoiceField(
        label=_("Maison (coordination)"), queryset=None, required=False
    )

    def __init__(self, *args: Any, inviter: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.inviter = inviter
        scope = scope_for(inviter)
        # An ARS agent invites inside their region only, never a national role (accounts.perms).
        regional = [Role.ARS_AGENT, Role.COORDINATOR]
        self.fields["role"].choices = (
            list(Role.choices)
            if scope.is_national_admin
            else [(role.value, role.label) for role in regional]
        )
        if not scope.is_national_admin:
            self.fields["region"].queryset = Region.objects.filter(code__in=scope.region_codes)
        # accounts sits below masp (docs/architecture.md): it names the houses by their label.
        houses: Any = apps.get_model("masp", "Site").objects
        self.fields["site"].queryset = houses.visible_to(inviter).order_by("name")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if is_own_address(self.inviter, email):
            raise forms.ValidationError(_("Vous ne pouvez pas vous inviter vous-même."))
        return email

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
        error_messages={
            "required": _("Donnez un nom au jeton (100 caractères au plus)."),
            "max_length": _("Donnez un nom au jeton (100 caractères au plus)."),
        },
    )
    days = forms.IntegerField(
        label=_("Durée de validité (jours)"),
        required=False,
        min_value=1,
        max_value=API_TOKEN_MAX_DAYS,
        initial=API_TOKEN_DEFAULT_DAYS,
        error_messages={
            "min_value": _("Un jeton est valable au moins 1 jour."),
            "max_value": _("Un jeton est valable %(limit_value)s jours au plus."),
            "invalid": _("Indiquez un nombre de jours."),
        },
    )
    can_write = forms.BooleanField(
        label=_("Autoriser l'écriture"),
        required=False,
        help_text=_(
            "Sans cette case, le jeton ne sert qu'à lire (consultation, exports). Ne la cochez "
            "que pour un script qui dépose ou modifie des données."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Set here, not at import time, so that it is translated in the request's language.
        self.fields["days"].help_text = gettext(
            "%(default)d jours si vous laissez vide, %(max)d au plus."
        ) % {"default": API_TOKEN_DEFAULT_DAYS, "max": API_TOKEN_MAX_DAYS}

    def clean_days(self) -> int:
        return self.cleaned_data.get("days") or API_TOKEN_DEFAULT_DAYS
