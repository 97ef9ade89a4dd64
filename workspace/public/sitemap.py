"""The site map, read from the URL configuration: the named pages without parameters that a
visitor can open, and, for a signed-in user, the entries of their own menu."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, get_script_prefix, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workspace.navigation import menu_for

PORTAL = gettext_lazy("Le portail")
DATA = gettext_lazy("Données ouvertes et API")
ACCOUNT = gettext_lazy("Compte")
ABOUT = gettext_lazy("Informations légales")
SECTIONS = (PORTAL, DATA, ACCOUNT, ABOUT)

# The French title of each page a visitor may reach, by URL name. A public, parameter-free page
# that is neither here nor in NOT_PAGES fails tests/workspace/test_public_sitemap.py: a new
# public page is then given a title (or said not to be a page) when it is added.
TITLES: dict[str, tuple[Promise, Promise]] = {
    "masp:home": (PORTAL, gettext_lazy("Accueil")),
    "masp:directory": (PORTAL, gettext_lazy("Annuaire des maisons")),
    "partners:national_partners": (PORTAL, gettext_lazy("Partenaires nationaux")),
    "opendata:index": (DATA, gettext_lazy("Données ouvertes")),
    "api-docs": (DATA, gettext_lazy("Documentation de l'API")),
    "account_login": (ACCOUNT, gettext_lazy("Se connecter")),
    "account_reset_password": (ACCOUNT, gettext_lazy("Mot de passe oublié")),
    "footer-sitemap": (ABOUT, gettext_lazy("Plan du site")),
    "footer-accessibility-status": (ABOUT, gettext_lazy("Déclaration d'accessibilité")),
    "footer-legal-notice": (ABOUT, gettext_lazy("Mentions légales")),
    "footer-personal-data": (ABOUT, gettext_lazy("Données personnelles")),
    "footer-cookie-management": (ABOUT, gettext_lazy("Gestion des cookies")),
}
# Public, parameter-free patterns that are not pages to browse: files, probes, form targets,
# the page shown on the way back from an identity federation's sign-out.
NOT_PAGES = frozenset(
    {"healthz", "metrics", "api-schema", "set_language", "bench_floor", "federation_logged_out"}
)


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    public: bool


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class Section:
    title: str
    links: tuple[Link, ...]


def _walk(patterns: list[Any], namespace: str = "", prefix: str = "") -> Iterator[Page]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.pattern.regex.groups:
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, inner, prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            if pattern.pattern.regex.groups or getattr(pattern.pattern, "converters", None):
                continue  # a page with parameters is reached from another page
            name = f"{namespace}{pattern.name}"
            # Django's LoginRequiredMiddleware reads the same attribute.
            public = getattr(pattern.callback, "login_required", True) is False
            yield Page(name, "", public)


def pages() -> list[Page]:
    """Every named, parameter-free pattern of the URL configuration, with its address."""
    return list(_pages(get_resolver(), get_script_prefix()))


@functools.cache
def _pages(resolver: URLResolver, script_prefix: str) -> tuple[Page, ...]:
    # Walked once per URL configuration (`get_resolver` is itself cached, and a new
    # configuration, as in tests, is a new resolver), not on every visit of the site map.
    found: dict[str, Page] = {}
    for page in _walk(resolver.url_patterns):
        if page.name not in found:
            found[page.name] = Page(page.name, reverse(page.name), page.public)
    return tuple(found.values())


def public_sections(
    *, signed_in: bool = False, known: frozenset[str] = frozenset()
) -> list[Section]:
    """The public pages by section; `known` addresses are left out (already in the user's
    menu), and so is the sign-in section for a signed-in user."""
    by_section: dict[Promise, list[Link]] = {section: [] for section in SECTIONS}
    for page in pages():
        if not page.public or page.name not in TITLES or page.url in known:
            continue
        section, title = TITLES[page.name]
        if not (signed_in and section == ACCOUNT):
            by_section[section].append(Link(str(title), page.url))
    return [Section(str(section), tuple(links)) for section, links in by_section.items() if links]


def sitemap_for(user: Any) -> list[Section]:
    """The sections of the site map: the user's own menu first when signed in (it already
    holds what their role may open), then the public pages."""
    if not user.is_authenticated:
        return public_sections()
    # A menu entry with one link (Accueil, Instruction, Ma maison) would be a section of one
    # line under its own name: those go together, with the account, under "Votre espace".
    menu = menu_for(user, "")
    own = [Link(entry.links[0].label, entry.url) for entry in menu if len(entry.links) == 1]
    own.append(Link(_("Mon compte"), reverse("accounts:account")))
    sections = [Section(_("Votre espace"), tuple(own))]
    sections += [
        Section(entry.label, tuple(Link(link.label, link.url) for link in entry.links))
        for entry in menu
        if len(entry.links) > 1
    ]
    known = frozenset(link.url for section in sections for link in section.links)
    return sections + public_sections(signed_in=True, known=known)
