"""The portal's user (identified by email), memberships (roles and scopes), security events,
invitations, API tokens and the audit log of changes."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.enums import AuditAction, Role, SecurityEventKind
from common.models import ChoiceLabels


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    username = None  # type: ignore[assignment]
    email = models.EmailField(_("adresse électronique"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.email


class Membership(ChoiceLabels):
    """A role held by a user, scoped to a region (ARS agent), a house (coordinator) or nothing
    (national roles). Deactivated, never deleted, so that the history stays."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("utilisateur")
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(
        "territories.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("région"),
    )
    site = models.ForeignKey(
        "masp.Site",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("maison"),
    )
    is_active = models.BooleanField(_("actif"), default=True)
    granted_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accordé par"),
    )
    granted_at = models.DateTimeField(_("accordé le"), default=timezone.now)
    deactivated_at = models.DateTimeField(_("désactivé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("rôle")
        verbose_name_plural = _("rôles")
        ordering = ["user", "role"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(role=Role.ARS_AGENT, region__isnull=False, site__isnull=True)
                    | models.Q(role=Role.COORDINATOR, region__isnull=True, site__isnull=False)
                    | models.Q(
                        role__in=[Role.NATIONAL_ADMIN, Role.ANALYST],
                        region__isnull=True,
                        site__isnull=True,
                    )
                ),
                name="membership_scope_matches_role",
            ),
            # One active membership per user and scope (three partial constraints rather
            # than NULLS NOT DISTINCT, which SQLite does not support).
            models.UniqueConstraint(
                fields=["user", "region"],
                condition=models.Q(is_active=True, role=Role.ARS_AGENT),
                name="membership_unique_active_region",
            ),
            models.UniqueConstraint(
                fields=["user", "site"],
                condition=models.Q(is_active=True, role=Role.COORDINATOR),
                name="membership_unique_active_site",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(is_active=True, role__in=[Role.NATIONAL_ADMIN, Role.ANALYST]),
                name="membership_unique_active_national",
            ),
        ]

    def __str__(self) -> str:
        scope = self.site or self.region
        label = self.get_role_display()
        return f"{self.user} — {label} ({scope})" if scope else f"{self.user} — {label}"


class SecurityEvent(models.Model):
    """What happened to an account: logins, failures, MFA and membership changes."""

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="security_events",
        verbose_name=_("utilisateur"),
    )
    kind = models.CharField(_("événement"), max_length=30, choices=SecurityEventKind.choices)
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ip_address = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)
    detail = models.CharField(_("détail"), max_length=250, blank=True)
    created_at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("événement de sécurité")
        verbose_name_plural = _("événements de sécurité")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.user}"


def hash_secret(secret: str) -> str:
    """Invitation links and API keys are stored as SHA-256 digests, never in clear."""
    return hashlib.sha256(secret.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True).filter(
            expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """An invitation to join the portal with one role; the emailed link is single-use."""

    email = models.EmailField(_("adresse électronique"))
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(
        "territories.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    site = models.ForeignKey(
        "masp.Site", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(_("envoyée le"), default=timezone.now)
    expires_at = models.DateTimeField(_("expire le"))
    accepted_at = models.DateTimeField(_("acceptée le"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("annulée le"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_role_display()})"

    @property
    def is_usable(self) -> bool:
        return not self.accepted_at and not self.revoked_at and self.expires_at > timezone.now()


API_TOKEN_DEFAULT_DAYS = 90
API_TOKEN_MAX_DAYS = 365


def api_token_default_expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=API_TOKEN_DEFAULT_DAYS)


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def unrevoked(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A named API key; only its digest and first characters are kept. Read-only unless
    `can_write`, valid until `expires_at`, revoked with the owner's password, roles or account."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nom"), max_length=100)
    prefix = models.CharField(_("début de la clé"), max_length=8)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    can_write = models.BooleanField(_("lecture et écriture"), default=False)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    # A callable default: the migration that added the field gave the tokens of the time
    # API_TOKEN_DEFAULT_DAYS from the day it ran.
    expires_at = models.DateTimeField(_("expire le"), default=api_token_default_expiry)
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("jeton d'API")
        verbose_name_plural = _("jetons d'API")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("The audit log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit log is append-only.")

    def for_object(self, instance: models.Model) -> AuditEntryQuerySet:
        return self.filter(
            content_type=ContentType.objects.get_for_model(instance), object_id=str(instance.pk)
        )


class AuditEntry(models.Model):
    """One change to a tracked object (who, when, what): append-only, written by
    `accounts.audit.audit_record`. Secrets (passwords, token digests) are never recorded."""

    actor = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("auteur"),
    )
    # Kept in clear so that the entry still says who it was if the account is removed.
    actor_email = models.CharField(_("adresse de l'auteur"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=AuditAction.choices)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("type d'objet")
    )
    object_id = models.CharField(_("identifiant de l'objet"), max_length=64)
    object_repr = models.CharField(_("objet"), max_length=200)
    changes = models.JSONField(_("changements"), default=dict, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("entrée du journal des modifications")
        verbose_name_plural = _("journal des modifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit log is append-only.")
