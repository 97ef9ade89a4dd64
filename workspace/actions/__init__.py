"""The "Mes actions" of a signed-in user: what there is to do, ranked by deadline, each with its
count and the address where it is done. One module per role; each reads with a fixed number of
queries whatever the number of houses (pinned in tests/workspace/test_actions.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from accounts.scopes import scope_for
from workspace.actions import ars, coordinator, national
from workspace.actions.base import Action, Home

__all__ = ["Action", "Home", "home_for"]


def home_for(user: Any, today: dt.date) -> Home:
    """The home of the user's main role (a national administrator first: they see the most)."""
    scope = scope_for(user)
    if scope.is_national_admin:
        return national.admin_home(user, scope, today)
    if scope.is_analyst:
        return national.analyst_home(user, scope, today)
    if scope.region_codes:
        return Home("ars_agent", ars.actions(user, scope, today), {})
    if scope.site_ids:
        return Home("coordinator", coordinator.actions(user, scope, today), {})
    return Home("", [], {})
