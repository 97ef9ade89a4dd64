"""Follow-up for ARS agents and national roles: houses missing a required convention and
conventions expiring soon."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from common.forms import PortalForm
from masp.models import Site
from partners.conformity import expiring, non_conforming, required_kinds
from partners.enums import OrganisationKind
from partners.models import Convention
from partners.perms import can_follow_conformity
from territories.forms import RegionFilterField


class RegionFilterForm(PortalForm):
    region = RegionFilterField()


def follow_up(request: HttpRequest) -> HttpResponse:
    if not can_follow_conformity(request.user):
        raise PermissionDenied
    sites = Site.objects.visible_to(request.user)
    conventions = Convention.objects.visible_to(request.user)
    filter_form = RegionFilterForm(request.GET or None)
    if filter_form.is_valid() and filter_form.cleaned_data["region"]:
        region = filter_form.cleaned_data["region"]
        sites = sites.in_region(region)
        conventions = conventions.filter(site__department__region_id=region)
    context = {
        "filter_form": filter_form,
        "missing": non_conforming(sites),
        "expiring": expiring(conventions),
        "days": settings.PARTNERS_EXPIRY_WARNING_DAYS,
        "required": [OrganisationKind(kind).label for kind in required_kinds()],
    }
    return render(request, "partners/follow_up.html", context)
