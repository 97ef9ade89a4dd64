"""What the portal reads from a federation's answer: the userinfo, which may come as a signed
JWT (ProConnect), verified against the provider's published keys; the address and whether it
is verified; the names; acr and amr. Nothing else: a claim carrying a role or a region is never
read (roles come from invitations only)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.providers.oauth2.client import OAuth2Error

# Asymmetric signatures only: HS256 (keyed with the client secret) and "none" are refused, and
# a key is only ever used with the algorithm its JWK declares (no RSA/HMAC confusion).
SIGNING_ALGORITHMS = frozenset({"RS256", "RS384", "RS512", "PS256", "ES256", "ES384"})


def decode_signed_userinfo(token: str, *, jwks_uri: str, issuer: str, audience: str) -> dict:
    """The claims of a userinfo answer served as `application/jwt`, once its signature is
    verified with the provider's key (OpenID Connect Core 5.3.2). Raises OAuth2Error."""
    import jwt  # here: PyJWT and its crypto backend load only where a token is read (startup)

    try:
        header = jwt.get_unverified_header(token)
        jwk = _published_key(jwks_uri, header.get("kid"))
        algorithm = jwk.get("alg") or header.get("alg")
        if algorithm not in SIGNING_ALGORITHMS or header.get("alg") != algorithm:
            raise OAuth2Error("Algorithme de signature refusé.")
        key = jwt.PyJWK(jwk, algorithm=algorithm).key
        return jwt.decode(
            token,
            key=key,
            algorithms=[algorithm],
            issuer=issuer,
            audience=audience,
            options={"require": ["sub"]},
        )
    except (jwt.PyJWTError, ValueError, KeyError, TypeError) as error:
        raise OAuth2Error("Signature des informations utilisateur invalide.") from error


def _published_key(jwks_uri: str, kid: Any) -> dict:
    with get_adapter().get_requests_session() as session:
        response = session.get(jwks_uri, timeout=10)
        response.raise_for_status()
        keys = response.json().get("keys", [])
    for key in keys:
        if key.get("kid") == kid and key.get("use", "sig") == "sig":
            return key
    raise OAuth2Error("Clé de signature inconnue.")


def parse_userinfo(response: Any, *, jwks_uri: str, issuer: str, audience: str) -> dict:
    """The userinfo of a `requests` response: a signed JWT or JSON, by its content type."""
    content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type == "application/jwt":
        return decode_signed_userinfo(
            response.text.strip(), jwks_uri=jwks_uri, issuer=issuer, audience=audience
        )
    try:
        data = response.json()
    except json.JSONDecodeError as error:
        raise OAuth2Error("Réponse userinfo illisible.") from error
    if not isinstance(data, dict):
        raise OAuth2Error("Réponse userinfo illisible.")
    return data


@dataclass(frozen=True)
class Identity:
    """A federated identity as the portal reads it."""

    provider: str
    uid: str
    email: str
    email_verified: bool
    first_name: str
    last_name: str
    acr: Any
    amr: Any


def _text(value: Any, limit: int = 150) -> str:
    return value.strip()[:limit] if isinstance(value, str) else ""


def identity_from(sociallogin: Any, *, trusted_email: bool) -> Identity:
    """The identity of an allauth SocialLogin from our provider (extra_data holds "userinfo"
    and "id_token"). `trusted_email`: the federation verifies every address it sends
    (ProConnect: the agents' professional addresses); an explicit `email_verified: false`
    still wins. Otherwise only `email_verified: true` counts."""
    data = sociallogin.account.extra_data or {}
    userinfo, id_token = data.get("userinfo") or {}, data.get("id_token") or {}
    verified_claim = userinfo.get("email_verified", id_token.get("email_verified"))
    email = _text(userinfo.get("email") or id_token.get("email"), 254).lower()
    verified = verified_claim is True or (trusted_email and verified_claim is None)
    return Identity(
        provider=sociallogin.account.provider,
        uid=str(sociallogin.account.uid),
        email=email,
        email_verified=bool(email) and verified,
        first_name=_text(userinfo.get("given_name")),
        # ProConnect's "usual_name", Pro Santé Connect's (and the standard) "family_name".
        last_name=_text(userinfo.get("usual_name") or userinfo.get("family_name")),
        acr=id_token.get("acr"),
        amr=id_token.get("amr"),
    )
