"""API authentication by `Authorization: Token <key>` against hashed, revocable, expiring keys,
read-only unless the token was created for writing, refused when the MFA rule is not met."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request

from accounts.mfa import mfa_missing
from accounts.models import ApiToken, hash_secret

# Recording every use would write on every API call; once a minute is precise enough.
LAST_USED_GRANULARITY = dt.timedelta(minutes=1)


class ApiTokenAuthentication(TokenAuthentication):
    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        result = super().authenticate(request)
        # Checked here rather than in a permission class, so that no view can opt out of it
        # by setting its own permission_classes.
        if result is not None and not result[1].can_write and request.method not in SAFE_METHODS:
            raise exceptions.PermissionDenied(
                _(
                    "Ce jeton est en lecture seule : créez un jeton en lecture et écriture "
                    "dans « Mon compte » pour modifier des données."
                )
            )
        return result

    def authenticate_credentials(self, key: str) -> tuple[Any, ApiToken]:
        token = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=hash_secret(key), revoked_at__isnull=True)
            .first()
        )
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Jeton invalide ou révoqué."))
        now = timezone.now()
        if token.expires_at <= now:
            expired_on = formats.date_format(timezone.localtime(token.expires_at), "j F Y")
            raise exceptions.AuthenticationFailed(
                _("Jeton expiré depuis le %(date)s : créez-en un nouveau dans « Mon compte ».")
                % {"date": expired_on}
            )
        if mfa_missing(token.user):
            raise exceptions.PermissionDenied(
                _(
                    "Votre rôle exige la double authentification : activez-la dans « Mon "
                    "compte » pour utiliser vos jetons d'API."
                )
            )
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_GRANULARITY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token
