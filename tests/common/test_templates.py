"""The shared pieces of the pages: the DSFR table tag and the empty-state callout."""

from __future__ import annotations

from django.template import Context, Template
from django.template.loader import render_to_string


def render(text: str, **context: object) -> str:
    return Template("{% load portal %}" + text).render(Context(context))


def test_the_table_tag_writes_the_dsfr_wrapper_the_header_and_the_rows() -> None:
    html = render(
        '{% table caption _("Nom") roles actions=True classes="fr-table--sm" %}'
        "<tr><td>{{ name }}</td></tr>{% endtable %}",
        caption="Maisons <ouvertes>",  # a variable: escaped (a literal of the template is not)
        roles=["Infirmier", "Aide-soignant"],
        name="Maison <A>",
    )
    assert html.startswith('\n<div class="fr-table fr-table--sm">')
    assert "<caption>Maisons &lt;ouvertes&gt;</caption>" in html
    headers = ["Nom", "Infirmier", "Aide-soignant"]  # a list counts as several columns
    assert "".join(f'<th scope="col">{label}</th>' for label in headers) in html
    assert '<span class="fr-sr-only">Actions</span>' in html
    assert "<tbody><tr><td>Maison &lt;A&gt;</td></tr></tbody>" in html  # escaped once


def test_without_headers_the_content_writes_its_own_head() -> None:
    html = render(
        '{% table "Couverture" table_id="departements" %}'
        "<thead></thead><tbody></tbody>{% endtable %}"
    )
    assert '<div class="fr-table" id="departements">' in html
    assert "<caption>Couverture</caption>\n    <thead></thead><tbody></tbody>" in html
    assert "Actions" not in html


def test_the_empty_state_is_a_callout_with_the_message() -> None:
    html = render_to_string(
        "includes/empty_state.html", {"message": "Aucune maison <ici>.", "classes": "fr-mb-3w"}
    )
    assert html.strip() == (
        '<div class="fr-callout fr-mb-3w"><p class="fr-callout__text">Aucune maison &lt;ici&gt;.'
        "</p></div>"
    )
    plain = render_to_string("includes/empty_state.html", {"message": "Rien.", "classes": ""})
    assert '<div class="fr-callout">' in plain
