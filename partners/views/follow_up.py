"""Follow-up for ARS agents and national roles: houses missing a required convention and
conventions expiring soon."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.dateformat import format as date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe

from common.forms import PortalForm
from common.urls import url_for_key
from masp.models import Site
from partners.cache import required_kinds as cached_required_kinds
from partners.conformity import (
    Conformity,
    OpenHouse,
    expiring,
    non_conforming_houses,
)
from partners.enums import OrganisationKind
from partners.models import Convention
from partners.perms import can_follow_conformity
from territories.forms import RegionFilterField


class RegionFilterForm(PortalForm):
    region = RegionFilterField()


# What the page shows of a convention (loaded alone: a region has tens of rows).
CONVENTION_FIELDS = (
    "pk",
    "site_id",
    "partner_id",
    "subject",
    "valid_until",
    "site__name",
    "site__department__code",
    "partner__name",
    "partner__acronym",
)


# A house's partners page, reversed once per page rather than once per row.


def missing_rows(missing: list[tuple[OpenHouse, Conformity]]) -> str:
    """The rows of the houses without a required convention (written here rather than in
    the template, one per house)."""
    rows = []
    url_of = url_for_key("partners:site_partners")
    labels_of: dict[tuple[str, ...], str] = {}  # most houses miss the same kinds
    for site, conformity in missing:
        url = url_of(site.pk)
        labels = labels_of.get(conformity.missing)
        if labels is None:
            labels = ", ".join(escape(label) for label in conformity.missing_labels)
            labels_of[conformity.missing] = labels
        rows.append(
            f'\n      <tr>\n        <td><a href="{url}">{escape(site.name)}</a></td>'
            f"\n        <td>{escape(site.department)}</td>"
            f"\n        <td>{escape(site.region_name)}</td>"
            f"\n        <td>{labels}</td>\n      </tr>\n    "
        )
    return mark_safe("".join(rows))  # noqa: S308  # every value is escaped above


def expiring_rows(conventions: list[Convention]) -> str:
    """The rows of the conventions ending soon (as `missing_rows`)."""
    rows = []
    url_of = url_for_key("partners:site_partners")
    subjects: dict[str, str] = {}
    for convention in conventions:
        url = url_of(convention.site_id)
        site = convention.site
        subject = subjects.get(convention.subject)
        if subject is None:
            subject = subjects[convention.subject] = escape(convention.get_subject_display())
        ends = date_format(convention.valid_until, "d/m/Y") if convention.valid_until else ""
        rows.append(
            f'\n      <tr>\n        <td><a href="{url}">{escape(site.name)}</a>'
            f" ({escape(site.department.code)})</td>"
            f"\n        <td>{escape(convention.partner)}</td>"
            f"\n        <td>{subject}</td>"
            f"\n        <td>{escape(ends)}</td>\n      </tr>\n    "
        )
    return mark_safe("".join(rows))  # noqa: S308  # every value is escaped above


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
    required = cached_required_kinds()
    missing = non_conforming_houses(sites, required=required)
    ending = list(expiring(conventions).only(*CONVENTION_FIELDS))
    context = {
        "filter_form": filter_form,
        "missing": missing,
        "missing_rows": missing_rows(missing),
        "expiring": ending,
        "expiring_rows": expiring_rows(ending),
        "days": settings.PARTNERS_EXPIRY_WARNING_DAYS,
        "required": [OrganisationKind(kind).label for kind in required],
    }
    return render(request, "partners/follow_up.html", context)
