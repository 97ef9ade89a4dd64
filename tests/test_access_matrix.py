"""Every URL pattern of the project has an access entry, and every entry holds."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import import_module
from importlib.util import find_spec

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access import BLIND_TO_C, Route
from tests.personas import PERSONAS, World

APPS = [
    "config",
    "accounts",
    "territories",
    "masp",
    "funding",
    "partners",
    "reporting",
    "workspace",
]
# Third-party URL sets: covered by representative entries, not pattern by pattern.
THIRD_PARTY = ("admin", "allauth")


def registered_routes() -> list[Route]:
    routes: list[Route] = []
    for app in APPS:
        if find_spec(f"tests.{app}.access") is not None:
            routes.extend(import_module(f"tests.{app}.access").ROUTES)
    return routes


def walk(patterns: list, namespace: str = "", skip: bool = False) -> Iterator[tuple[str, bool]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            module = getattr(pattern.urlconf_module, "__name__", "")
            third_party = skip or module.startswith(THIRD_PARTY) or pattern.app_name == "admin"
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, inner, third_party)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else str(pattern.pattern)
            yield name, skip


def project_pattern_names() -> set[str]:
    return {name for name, third_party in walk(get_resolver().url_patterns) if not third_party}


def test_every_url_pattern_has_an_entry() -> None:
    names = {route.name for route in registered_routes()}
    missing = sorted(project_pattern_names() - names)
    assert not missing, f"URL patterns without an access entry: {missing}"


def request(world: World, route: Route, persona: str, args: list) -> int:
    client = world.client(persona)
    url = reverse(route.name, args=args) + (f"?{route.query}" if route.query else "")
    data = route.data(world) if route.data else None
    if route.method == "get":
        response = client.get(url, data)
    elif route.as_json:
        response = getattr(client, route.method)(url, data or {}, content_type="application/json")
    else:
        response = getattr(client, route.method)(url, data or {})
    if response.streaming:
        # Read a streamed file (FileResponse) to the end, as a WSGI server would: the test
        # client then closes it (closing the response ourselves would drop the connection).
        _content = b"".join(response.streaming_content)
    return response.status_code


@pytest.mark.django_db
@pytest.mark.parametrize("route", registered_routes(), ids=lambda route: route.name)
def test_access(world: World, route: Route) -> None:
    got = {persona: request(world, route, persona, route.args(world)) for persona in PERSONAS}
    assert got == dict(route.expect)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "route",
    [route for route in registered_routes() if route.outside is not None],
    ids=lambda route: route.name,
)
def test_objects_outside_the_scope_are_404(world: World, route: Route) -> None:
    assert route.outside is not None
    got = {persona: request(world, route, persona, route.outside(world)) for persona in BLIND_TO_C}
    assert got == dict.fromkeys(BLIND_TO_C, 404)
