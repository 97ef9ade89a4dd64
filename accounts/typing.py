"""Types shared by views: a request whose user is known to be logged in."""

from __future__ import annotations

from django.http import HttpRequest

from accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    # LoginRequiredMiddleware guarantees it for every view not marked @login_not_required.
    user: User
