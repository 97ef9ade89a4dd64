"""Unknown template variables fail the tests in the project's templates (config.settings.test),
and keep rendering empty in third-party ones, which rely on it."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.template import Context, Template, engines
from django.template.base import Origin

from config.settings.test import UnknownTemplateVariable

PROJECT = Origin(name=str(settings.BASE_DIR / "templates" / "masp" / "example.html"))
THIRD_PARTY = Origin(name="/venv/site-packages/django/contrib/admin/templates/admin/x.html")


def render(source: str, origin: Origin, **context: object) -> str:
    engine = engines["django"].engine  # type: ignore[attr-defined]
    return Template(source, origin=origin, engine=engine).render(Context(context))


@pytest.mark.parametrize(
    "source",
    [
        "{{ house.nmae }}",
        "{{ missing|default:'x' }}",
        "{% load i18n %}{% blocktranslate %}{{ missing }} maisons{% endblocktranslate %}",
    ],
)
def test_an_unknown_variable_of_a_project_template_fails(source: str) -> None:
    with pytest.raises(UnknownTemplateVariable, match=r"unknown in .*templates/masp/example"):
        render(source, PROJECT, house={"name": "Maison A"})


def test_known_and_tested_variables_render() -> None:
    source = "{{ house.name }}{% if missing %}!{% endif %}{% for x in missing %}{% endfor %}"
    assert render(source, PROJECT, house={"name": "Maison A"}) == "Maison A"


def test_third_party_templates_keep_empty_unknown_variables() -> None:
    source = "[{{ missing }}][{{ missing|default:'x' }}][{% if missing %}!{% endif %}]"
    assert render(source, THIRD_PARTY) == "[][x][]"
