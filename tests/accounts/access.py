from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accounts.enums import Role
from accounts.models import Invitation, hash_secret
from accounts.services import api_token_create
from tests.access import API_LOGGED_IN, LOGGED_IN, PUBLIC, Route, house_a, house_c, statuses
from tests.personas import World

INVITATION_TOKEN = "matrix-invitation-token"


def own_token(world: World) -> list[int]:
    token, _key = api_token_create(user=world.users["coordinator_a"], name="matrix")
    return [token.pk]


def pending_invitation(world: World) -> list[str]:
    Invitation.objects.get_or_create(
        token_hash=hash_secret(INVITATION_TOKEN),
        defaults={
            "email": "new-agent@example.org",
            "role": Role.ARS_AGENT,
            "region_id": "32",
            "invited_by": world.users["national_admin"],
            "expires_at": timezone.now() + timedelta(days=1),
        },
    )
    return [INVITATION_TOKEN]


ROUTES = [
    Route("accounts:account", LOGGED_IN),
    Route("accounts:token_create", statuses(302), method="post", data=lambda w: {"name": "t"}),
    Route(
        "accounts:token_revoke",
        statuses(404, anonymous=302, coordinator_a=302),
        args=own_token,
        method="post",
    ),
    Route(
        "accounts:invitations",
        statuses(403, anonymous=302, ars_a=200, ars_other=200, national_admin=200),
    ),
    Route("accounts:invitation_accept", PUBLIC, args=pending_invitation),
    Route("api-me", API_LOGGED_IN),
    Route("api-site-list", API_LOGGED_IN),
    Route(
        "api-site-detail",
        statuses(200, anonymous=401, coordinator_b=404, ars_other=404),
        args=house_a,
        outside=house_c,
    ),
    # Representative of allauth's MFA pages.
    Route("mfa_index", LOGGED_IN),
    # Identity federations (issue 27; tests/oidc covers them configured): the page the
    # provider returns to after logout sends everyone home; with no federation configured
    # (the test settings), its login and callback do not exist.
    Route("federation_logged_out", statuses(302)),
    Route("openid_connect_login", statuses(404), args=lambda world: ["proconnect"]),
    Route("openid_connect_callback", statuses(404), args=lambda world: ["psc"]),
]
