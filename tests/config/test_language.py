from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_french_whatever_the_browser_says(client: Client) -> None:
    response = client.get(reverse("masp:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "fr"
    assert "janvier 2026" in response.content.decode()


def test_english_when_chosen(client: Client) -> None:
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("masp:home"))
    assert response.headers["Content-Language"] == "en"
    assert "January 2026" in response.content.decode()
