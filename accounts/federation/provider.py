"""allauth's OpenID Connect provider, as the French federations need it (registered through
SOCIALACCOUNT_PROVIDERS["openid_connect"]["provider_class"]):

- a `nonce` in every authorization request, checked against the ID token (ProConnect requires
  it; it stops the replay of an ID token);
- the userinfo answer may be a signed JWT (`application/jwt`, ProConnect): its signature is
  verified against the provider's JWKS, and its `sub` must be the ID token's;
- the raw ID token is kept for the end-session request (logout.py), in the session only;
- only `login_hint` may be passed through the login URL (`?auth_params=`): ProConnect refuses
  unknown parameters, and nobody may lower the requested acr or change the claims.
"""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import parse_qsl

from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.http import HttpRequest

from accounts.federation.claims import parse_userinfo

# The only authorization parameters a login link may add.
REQUEST_AUTH_PARAMS = frozenset({"login_hint"})
ID_TOKEN_ATTRIBUTE = "_masp_id_token"  # noqa: S105 (a name, not a secret)
ID_TOKEN_STATE_KEY = "masp_id_token"  # noqa: S105


class FederationOAuth2Adapter(OpenIDConnectOAuth2Adapter):
    def complete_login(self, request: HttpRequest, app: Any, token: Any, **kwargs: Any) -> Any:
        id_token = kwargs["response"].get("id_token")
        if not id_token:
            raise OAuth2Error("Jeton d'identité absent.")
        data = {"id_token": self._decode_id_token(app, id_token)}
        if app.settings.get("fetch_userinfo", True):
            userinfo = self._fetch_user_info(token.token)
            if str(userinfo.get("sub")) != str(data["id_token"].get("sub")):
                raise OAuth2Error("Les informations utilisateur ne sont pas celles du jeton.")
            data["userinfo"] = userinfo
        login = self.get_provider().sociallogin_from_response(request, data)
        setattr(login, ID_TOKEN_ATTRIBUTE, id_token)
        return login

    def _fetch_user_info(self, access_token: str) -> dict:
        from allauth.socialaccount.adapter import get_adapter

        headers = {"Authorization": f"Bearer {access_token}"}
        with get_adapter().get_requests_session() as session:
            response = session.get(self.profile_url, headers=headers, timeout=10)
            response.raise_for_status()
        return parse_userinfo(
            response,
            jwks_uri=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=self.get_provider().app.client_id,
        )


class FederationProvider(OpenIDConnectProvider):
    oauth2_adapter_class = FederationOAuth2Adapter

    def get_auth_params_from_request(self, request: HttpRequest, action: Any) -> dict:
        params = self.get_auth_params()
        asked = dict(parse_qsl(request.GET.get("auth_params", "")))
        params.update({key: value for key, value in asked.items() if key in REQUEST_AUTH_PARAMS})
        return params

    def get_scope_from_request(self, request: HttpRequest) -> list[str]:
        return self.get_scope()  # never widened by the request

    def redirect(
        self,
        request: HttpRequest,
        process: Any,
        next_url: Any = None,
        data: Any = None,
        **kwargs: Any,
    ) -> Any:
        nonce = secrets.token_urlsafe(32)
        auth_params = dict(kwargs.pop("auth_params", None) or self.get_auth_params())
        auth_params["nonce"] = nonce
        return super().redirect(
            request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs
        )

    def extract_common_fields(self, data: dict) -> dict:
        userinfo = data.get("userinfo") or data.get("id_token") or {}
        return {
            "email": userinfo.get("email"),
            "first_name": userinfo.get("given_name"),
            "last_name": userinfo.get("usual_name") or userinfo.get("family_name"),
        }


def keep_raw_id_token(sociallogin: Any) -> None:
    """Into the login's state, which allauth keeps (in the session) while the login waits
    for a second factor; the attribute alone would be lost then."""
    if getattr(sociallogin, ID_TOKEN_ATTRIBUTE, ""):
        sociallogin.state[ID_TOKEN_STATE_KEY] = getattr(sociallogin, ID_TOKEN_ATTRIBUTE)


def raw_id_token(sociallogin: Any) -> str:
    return getattr(sociallogin, ID_TOKEN_ATTRIBUTE, "") or sociallogin.state.get(
        ID_TOKEN_STATE_KEY, ""
    )


provider_classes = [FederationProvider]
