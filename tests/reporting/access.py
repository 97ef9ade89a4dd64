from __future__ import annotations

from tests.access import API_LOGGED_IN, Route

ROUTES = [
    Route("api-export", API_LOGGED_IN, args=lambda world: ["sites", "csv"]),
]
