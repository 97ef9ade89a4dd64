"""Pages of the house registry: the public landing page, the house list (the house page
itself is the hub of workspace/views.py)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.generic import ListView

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


class SiteListView(ListView):
    template_name = "masp/sites/site_list.html"
    context_object_name = "sites"
    paginate_by = 50

    def get_queryset(self) -> SiteQuerySet:
        self.filter_form = SiteFilterForm(self.request.GET or None)
        sites = Site.objects.visible_to(self.request.user).with_territory()
        return self.filter_form.filter(sites)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(filter_form=self.filter_form, query_string=query.urlencode())
        return context
