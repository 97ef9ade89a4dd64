"""The access matrix: what each persona gets on each route.

Every app lists its routes in `tests/<app>/access.py` as `ROUTES = [Route(...), ...]`;
`tests/test_access_matrix.py` fails when a URL pattern of the project has no entry, and checks
each entry for the seven personas of `tests/personas.py`, with an object of house A (region 32)
and, for object routes, an object of house C (region 53), which must be a 404 for the personas
whose scope does not reach it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tests.personas import PERSONAS, World

# Personas that cannot see house C (region 53).
BLIND_TO_C = frozenset({"coordinator_a", "coordinator_b", "ars_a"})

Args = Callable[[World], list[Any]]


@dataclass(frozen=True)
class Route:
    name: str
    expect: Mapping[str, int]
    args: Args = field(default=lambda world: [])
    # Arguments naming an object of house C; None for routes without an object.
    outside: Args | None = None
    method: str = "get"
    data: Callable[[World], dict[str, Any]] | None = None
    query: str = ""
    # Non-GET requests are form-encoded unless the route is an API endpoint (JSON).
    as_json: bool = False

    def __post_init__(self) -> None:
        missing = set(PERSONAS) - set(self.expect)
        if missing:
            raise ValueError(f"{self.name}: no expectation for {sorted(missing)}")


def statuses(default: int, **overrides: int) -> dict[str, int]:
    """Expectations for every persona: `default`, except the named ones."""
    return {persona: overrides.get(persona, default) for persona in PERSONAS}


PUBLIC = statuses(200)
# A page for anyone logged in; the anonymous visitor is sent to the login page.
LOGGED_IN = statuses(200, anonymous=302)
# An API endpoint for anyone logged in; the anonymous caller gets 401.
API_LOGGED_IN = statuses(200, anonymous=401)


def house_a(world: World) -> list[Any]:
    return [world.site_a.pk]


def house_c(world: World) -> list[Any]:
    return [world.site_c.pk]
