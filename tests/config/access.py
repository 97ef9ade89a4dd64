from __future__ import annotations

from tests.access import PUBLIC, Route, statuses

ROUTES = [
    Route("healthz", PUBLIC),
    # Prometheus metrics: absent without METRICS_TOKEN (tests/config/test_observability.py
    # covers the token), for every persona alike.
    Route("metrics", statuses(404)),
    # The API description is public; the data behind it is not.
    Route("api-schema", PUBLIC),
    Route("api-docs", PUBLIC),
    Route("set_language", statuses(302), method="post", data=lambda world: {"language": "en"}),
    # Representatives of third-party URL sets.
    Route("admin:index", statuses(302, national_admin=200)),
    Route("account_login", statuses(302, anonymous=200)),
]
