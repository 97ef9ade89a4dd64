"""Choices of the accounts app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    NATIONAL_ADMIN = "national_admin", _("administration nationale")
    ARS_AGENT = "ars_agent", _("agent d'ARS")
    COORDINATOR = "coordinator", _("coordination de maison")
    ANALYST = "analyst", _("analyste CNSPFV")


NATIONAL_ROLES = frozenset({Role.NATIONAL_ADMIN, Role.ANALYST})


class SecurityEventKind(models.TextChoices):
    LOGIN = "login", _("connexion")
    LOGIN_FAILED = "login_failed", _("échec de connexion")
    LOGOUT = "logout", _("déconnexion")
    PASSWORD_SET = "password_set", _("mot de passe défini")
    PASSWORD_RESET = "password_reset", _("mot de passe réinitialisé")
    MFA_ACTIVATED = "mfa_activated", _("double authentification activée")
    MFA_DEACTIVATED = "mfa_deactivated", _("double authentification désactivée")
    MFA_RECOVERY_CODES = "mfa_recovery_codes", _("codes de secours régénérés")
    MEMBERSHIP_GRANTED = "membership_granted", _("rôle accordé")
    MEMBERSHIP_REVOKED = "membership_revoked", _("rôle retiré")
    INVITATION_SENT = "invitation_sent", _("invitation envoyée")
    INVITATION_ACCEPTED = "invitation_accepted", _("invitation acceptée")
    EMAIL_CHANGE_REQUESTED = "email_change_requested", _("changement d'adresse demandé")
    EMAIL_CHANGED = "email_changed", _("adresse électronique changée")
    PRIVILEGES_CHANGED = "privileges_changed", _("droits d'administration modifiés")
    TOKEN_CREATED = "token_created", _("jeton d'API créé")
    TOKEN_REVOKED = "token_revoked", _("jeton d'API révoqué")
    FEDERATION_LINKED = "federation_linked", _("identité fédérée liée")
    FEDERATION_LOGIN = "federation_login", _("connexion par fédération d'identité")
    FEDERATION_REFUSED = "federation_refused", _("connexion par fédération refusée")


class AuditAction(models.TextChoices):
    CREATE = "create", _("création")
    UPDATE = "update", _("modification")
    DELETE = "delete", _("suppression")
