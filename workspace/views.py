"""The home ("Mes actions" for a signed-in user, the public landing page otherwise) and the
house page as a hub."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from masp.models import Site
from masp.sites import views as sites
from workspace.actions import home_for
from workspace.hub import hub_for


@login_not_required
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return sites.home(request)
    today = timezone.localdate()
    page = home_for(request.user, today)
    context = {"home": page, "today": today, **page.extra}
    return render(request, "workspace/home.html", context)


def site_detail(request: HttpRequest, pk: int) -> HttpResponse:
    site = get_object_or_404(
        Site.objects.visible_to(request.user).with_territory().select_related("experimentation"),
        pk=pk,
    )
    hub = hub_for(site, request.user, timezone.localdate())
    return render(request, "workspace/site_hub.html", {"site": site, "hub": hub})
