"""Shared steps of the account tests: a TOTP enrolment and its current code, a password reset."""

from __future__ import annotations

import re

from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User


def enrol_totp(user: User) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def reset_password(client: Client, email: str, password: str) -> int:
    """Ask for the reset email, follow its link, set the password: the last response's status."""
    client.post(reverse("account_reset_password"), {"email": email})
    match = re.search(r"http://testserver(/comptes/password/reset/key/\S+/)", mail.outbox[-1].body)
    assert match
    response = client.get(match.group(1), follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else match.group(1)
    return client.post(form_url, {"password1": password, "password2": password}).status_code
