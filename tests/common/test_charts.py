"""The charts drawn on the server for the pages and the PDF reports."""

from __future__ import annotations

import datetime as dt

from common.charts import line_chart, short_month


def test_a_page_chart_is_named_and_a_report_chart_as_before() -> None:
    named = line_chart(["avr. 26"], [("Bretagne", [1.0])], label="Taux <d'occupation>")
    assert 'role="img" aria-label="Taux &lt;d&#x27;occupation&gt;" ' in named
    assert "aria-label" not in line_chart(["avr. 26"], [("Bretagne", [1.0])])


def test_months_are_short_enough_for_a_year_on_an_axis() -> None:
    assert short_month(dt.date(2026, 4, 1)) == "avr. 26"
    assert short_month(dt.date(2025, 12, 31)) == "déc. 25"
