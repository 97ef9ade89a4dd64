"""Pages of the house registry: the public landing page, the house list (the house page
itself is the hub of workspace/views.py)."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString, mark_safe
from django.views.generic import ListView

from common.urls import url_for_key
from masp.models import Experimentation, Site, SiteQuerySet
from masp.sites.enums import SiteStatus
from masp.sites.forms import SiteFilterForm


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    """The public landing page (workspace.views.home shows it to anonymous visitors)."""
    experimentation = Experimentation.objects.prefetch_related("regions").first()
    figures = Site.objects.aggregate(
        open=Count("pk", filter=Q(status=SiteStatus.OPEN)),
        planned=Count("pk", filter=~Q(status__in=[SiteStatus.OPEN, SiteStatus.CLOSED])),
        places=Sum("capacity", filter=Q(status=SiteStatus.OPEN), default=0),
    )
    return render(
        request, "masp/sites/home.html", {"experimentation": experimentation, "figures": figures}
    )


# The status badge's DSFR colour, as templates/masp/sites/includes/status_badge.html has it.
BADGE: dict[str, str] = {
    SiteStatus.OPEN: "fr-badge--success",
    SiteStatus.CLOSED: "fr-badge--warning",
    SiteStatus.SUSPENDED: "fr-badge--warning",
}


def site_rows(sites: Iterable[Site]) -> SafeString:
    """The list's rows, written in Python: the template spent more on resolving their four
    hundred variables and including a badge per row than on the rest of the page. Every
    value is escaped."""
    rows = []
    url = url_for_key("masp:site_detail")
    for site in sites:
        department = site.department
        badge = BADGE.get(site.status, "fr-badge--info")
        rows.append(
            "<tr>"
            f'<td><a href="{url(site.pk)}">{escape(site.name)}</a></td>'
            f"<td>{escape(site.finess_et)}</td>"
            f"<td>{escape(site.commune)}</td>"
            f"<td>{escape(department.name)} ({escape(department.code)})</td>"
            f"<td>{escape(department.region.name)}</td>"
            f"<td>{site.capacity}</td>"
            f'<td><p class="fr-badge fr-badge--sm {badge} fr-badge--no-icon">'
            f"{escape(str(site.get_status_display()))}</p></td>"
            "</tr>"
        )
    return mark_safe("\n".join(rows))  # noqa: S308


# The fields the rows show (and the status that colours the badge).
LISTED = (
    "name",
    "finess_et",
    "commune",
    "capacity",
    "status",
    "department__code",
    "department__name",
    "department__region__name",
)


class SiteListView(ListView):
    template_name = "masp/sites/site_list.html"
    context_object_name = "sites"
    paginate_by = 50

    def get_queryset(self) -> SiteQuerySet:
        self.filter_form = SiteFilterForm(self.request.GET or None)
        sites = Site.objects.visible_to(self.request.user).with_territory().only(*LISTED)
        return self.filter_form.filter(sites)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filter_form=self.filter_form,
            query_string=query.urlencode(),
            rows=site_rows(context["sites"]),
        )
        return context
