"""The main menu of each role: at most six top-level entries, grouped in DSFR sub-menus; the
user's own items (account, sign-out) stay in the header tools. Pages with a region scope open on
the user's region, a coordinator of one house goes straight to it, and ARS agents see the count
of reports waiting for review (kept by their home: the menu itself costs no query)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.scopes import Scope, scope_for
from masp.activity.cache import TOKEN

REVIEW_SECONDS = 3600  # a count under a stale token is never read again: no need to hurry
MAX_ENTRIES = 6  # checked for every role by tests/workspace/test_navigation.py


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    count: int | None = None


# A top-level entry before it is built: its label, its links, its count.
Group = tuple[str, list[Link], int | None]


@dataclass(frozen=True)
class Entry:
    label: str
    links: tuple[Link, ...]  # one link: a plain entry; more: a sub-menu
    key: str  # the sub-menu's element id
    count: int | None = None
    current: bool = False

    @property
    def url(self) -> str:
        return self.links[0].url


def _regional(name: str, codes: frozenset[str], national: str) -> str:
    """A page with a region scope, on the user's region when they have exactly one."""
    if len(codes) == 1:
        return reverse(name, args=[next(iter(codes))])
    return reverse(national)


def review_key(scope: Scope) -> str:
    """Where the count of reports waiting for an ARS agent's review is kept: under the reports'
    version token (any change of a report makes it stale at once) and the agent's regions."""
    return f"workspace:review:{TOKEN.current()}:{','.join(sorted(scope.region_codes))}"


def remember_review_count(scope: Scope, count: int) -> None:
    """Kept by the home, which counts the waiting reports anyway (workspace/actions/ars.py)."""
    cache.set(review_key(scope), count, REVIEW_SECONDS)


def review_count(scope: Scope) -> int | None:
    """The count the home last kept, or None: the menu itself never queries, so that no page
    pays for it (an agent lands on the home after signing in, which counts)."""
    return cache.get(review_key(scope))


def _links(user: Any, scope: Scope) -> list[Group]:
    """(label, links, count) of each top-level entry of the user's role."""
    home: Group = (_("Accueil"), [Link(_("Accueil"), reverse("masp:home"))], None)
    if not user.is_authenticated:
        return [
            home,
            (_("Annuaire"), [Link(_("Annuaire"), reverse("masp:directory"))], None),
            (
                _("Partenaires"),
                [Link(_("Partenaires"), reverse("partners:national_partners"))],
                None,
            ),
        ]
    regions = scope.region_codes or scope.coordinated_region_codes
    if scope.is_national:
        regions = frozenset()
    coverage = Link(_("Couverture"), _regional("masp:coverage_region", regions, "masp:coverage"))
    pdfs = Link(_("Synthèses PDF"), reverse("reporting:list"))
    exports = Link(_("Exports"), reverse("exports:index"))
    partners = Link(_("Annuaire des partenaires"), reverse("partners:directory"))
    if not (scope.is_national or scope.region_codes):
        return _coordinator(scope, home, coverage, pdfs, exports, partners)
    houses = [
        Link(_("Liste des maisons"), reverse("masp:site_list")),
        Link(
            _("Effectifs"),
            _regional("masp:staffing_region", regions, "masp:staffing_overview"),
        ),
        Link(_("Suivi des conventions"), reverse("partners:follow_up")),
        partners,
    ]
    activity = [
        Link(_("Tableau de bord"), reverse("masp:report_dashboard")),
        Link(_("Campagnes"), reverse("masp:campaign_list")),
    ]
    territory = [
        coverage,
        Link(_("Aide à l'implantation"), reverse("masp:siting")),
        Link(_("Financement"), _regional("funding:region", regions, "funding:national")),
    ]
    if scope.region_codes and not scope.is_national:
        count = review_count(scope)
        tools = [pdfs, exports, Link(_("Invitations"), reverse("accounts:invitations"))]
        return [
            home,
            (
                _("Instruction"),
                [Link(_("Instruction"), reverse("masp:review_queue"), count)],
                count,
            ),
            (_("Maisons"), houses, None),
            (_("Activité"), activity, None),
            (_("Territoire"), territory, None),
            (_("Outils"), tools, None),
        ]
    activity.insert(1, Link(_("Instruction des rapports"), reverse("masp:review_queue")))
    data = [exports, Link(_("Dictionnaire des données"), reverse("exports:dictionary")), pdfs]
    entries: list[Group] = [
        home,
        (_("Maisons"), houses, None),
        (_("Activité"), activity, None),
        (_("Territoire"), territory, None),
        (_("Données"), data, None),
    ]
    if scope.is_national_admin or user.is_staff:
        admin = [Link(_("Administration du portail"), reverse("admin:index"))]
        if scope.is_national_admin:
            admin.insert(0, Link(_("Invitations"), reverse("accounts:invitations")))
        entries.append((_("Administration"), admin, None))
    return entries


def _coordinator(
    scope: Scope, home: Group, coverage: Link, pdfs: Link, exports: Link, partners: Link
) -> list[Group]:
    """A coordinator (or a signed-in user without a role): their house first."""
    if len(scope.site_ids) == 1:
        house = (_("Ma maison"), [Link(_("Ma maison"), _site_url(scope))], None)
    else:
        house = (_("Maisons"), [Link(_("Maisons"), reverse("masp:site_list"))], None)
    reports = [
        Link(_("Mes rapports d'activité"), reverse("masp:my_reports")),
        Link(_("Import de rapports"), reverse("masp:report_import")),
    ]
    return [
        home,
        house,
        (_("Rapports"), reports, None),
        (_("Territoire"), [coverage, partners], None),
        (_("Données"), [exports, pdfs], None),
    ]


def _site_url(scope: Scope) -> str:
    return reverse("masp:site_detail", args=[next(iter(scope.site_ids))])


def _is_current(links: list[Link], path: str) -> bool:
    home = reverse("masp:home")
    return any(
        path == link.url if link.url == home else path.startswith(link.url.split("?")[0])
        for link in links
    )


def menu_for(user: Any, path: str) -> list[Entry]:
    entries = []
    for index, (label, links, count) in enumerate(_links(user, scope_for(user))):
        entries.append(
            Entry(label, tuple(links), f"fr-menu-{index}", count, _is_current(links, path))
        )
    return entries
