"""Access entries of the workspace's public pages: open to everyone, signed in or not."""

from __future__ import annotations

from tests.access import PUBLIC, Route

ROUTES = [
    Route("footer-sitemap", PUBLIC),
    Route("footer-accessibility-status", PUBLIC),
    Route("footer-legal-notice", PUBLIC),
    Route("footer-personal-data", PUBLIC),
    Route("footer-cookie-management", PUBLIC),
]
