"""Throttling of API token users (scripts, R, Python); browser sessions are not throttled."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.throttling import UserRateThrottle

from accounts.models import ApiToken


class TokenUserRateThrottle(UserRateThrottle):
    scope = "token"

    def get_rate(self) -> str | None:
        # Read at each request (not at import) so that the setting can change in tests.
        return settings.MASP_API_TOKEN_RATE or None

    def allow_request(self, request: Any, view: Any) -> bool:
        if not isinstance(request.auth, ApiToken):
            return True
        self.rate = self.get_rate()
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)
