"""common.urls.url_for_key: one reverse for a list, the same address as reverse per key."""

from __future__ import annotations

from django.urls import reverse, set_script_prefix

from common.urls import url_for_key


def test_the_address_of_each_key_is_reverse_s() -> None:
    url = url_for_key("masp:site_detail")
    for key in (1, 42, 987654321, 10**12):
        assert url(key) == reverse("masp:site_detail", args=[key])


def test_a_script_prefix_is_kept_and_escaped() -> None:
    set_script_prefix("/portail&co/")
    try:
        assert url_for_key("masp:site_detail")(7) == "/portail&amp;co/maisons/7/"
    finally:
        set_script_prefix("/")
