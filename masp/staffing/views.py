"""Pages of staffing: a house's team and compliance, its declaration form and history, and the
regional and national overviews."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from common.params import ParameterError, query_key
from masp.models import NormSet, Site, StaffingDeclaration
from masp.perms import can_declare_staffing, can_see_region
from masp.sites.enums import SiteStatus
from masp.staffing import services as staffing_services
from masp.staffing.enums import ComplianceStatus
from masp.staffing.forms import (
    EvaluationForm,
    StaffingDeclarationForm,
    copy_monday,
    posted_weeks,
    resize_cycle,
)
from masp.staffing.grids import DAY_SHORT
from masp.staffing.queries import Context, house_rows, region_rows, week_grids
from masp.staffing.rendering import compliance_rows, flagged_items, region_table_rows
from masp.staffing.services import LineInput
from masp.staffing.whatif import what_if
from territories.models import Region

# Houses with a team to declare: authorised, open or suspended (not projects, not closed).
STAFFED = [SiteStatus.AUTHORISED, SiteStatus.OPEN, SiteStatus.SUSPENDED]


def _site(request: HttpRequest, pk: int) -> Site:
    return get_object_or_404(Site.objects.visible_to(request.user).with_territory(), pk=pk)


def _declaration(request: HttpRequest, site: Site) -> StaffingDeclaration | None:
    declarations = site.staffing_declarations.with_lines()
    try:
        wanted = query_key(request.GET, "declaration")
    except ParameterError as error:
        raise Http404 from error  # like an id that is not one of the house's declarations
    if wanted is not None:
        return get_object_or_404(declarations, pk=wanted)
    return declarations.first()


def _norm_set(norm_set: NormSet | None) -> NormSet | None:
    if norm_set is None:
        return None
    return NormSet.objects.with_rules().get(pk=norm_set.pk)


def staffing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    site = _site(request, pk)
    declaration = _declaration(request, site)
    options = EvaluationForm(request.GET or None)
    chosen = _norm_set(options.value("referentiel"))
    context = Context.load(chosen) if chosen is not None else Context.cached()
    data = context.declaration(declaration)
    compliance = context.evaluate(declaration, site.capacity)
    other, plan = None, None
    if (second := _norm_set(options.value("comparer"))) is not None:
        other = Context.load(second).evaluate(declaration, site.capacity)
    if context.norm_data is not None:
        capacity = options.value("capacite") or site.capacity
        plan = what_if(data, site.capacity, capacity, context.norm_data)
    return render(
        request,
        "masp/staffing/detail.html",
        {
            "site": site,
            "declaration": declaration,
            "lines": _with_roles(declaration, context),
            "week_grids": week_grids(data, compliance, context),
            "day_headers": [_(day) for day in DAY_SHORT],
            "norm_set": context.norm_set,
            "compliance": compliance,
            "compliance_rows": compliance_rows(compliance),
            "other": other,
            "other_rows": compliance_rows(other),
            "plan": plan,
            "options": options,
            "can_declare": can_declare_staffing(request.user, site),
        },
    )


def _with_roles(declaration: StaffingDeclaration | None, context: Context) -> list[Any]:
    """The declaration's lines, each with its role from the catalogue already read (no query
    per line)."""
    lines = list(declaration.lines.all()) if declaration else []
    for line in lines:
        line.role = context.by_id[line.role_id]
    return lines


def staffing_declare(request: HttpRequest, pk: int) -> HttpResponse:
    site = _site(request, pk)
    if not can_declare_staffing(request.user, site):
        raise PermissionDenied(_("Seule la coordination de la maison déclare ses effectifs."))
    context = Context.load()
    previous = site.staffing_declarations.with_lines().first()
    data: QueryDict | None = request.POST if request.method == "POST" else None
    weeks = posted_weeks(data, previous.cycle_weeks if previous else 1)
    helper = data is not None and ("copy" in data or "resize" in data)
    if data is not None and "resize" in data:
        data = resize_cycle(data, [role.code for role in context.roles], weeks)
    if data is not None and "copy" in data:
        data = copy_monday(data, str(data.get("copy", "")), weeks)
    form = StaffingDeclarationForm(
        data, roles=context.roles, lines=_previous_lines(previous, context), weeks=weeks
    )
    if data is not None and not helper and form.is_valid():
        try:
            declared = staffing_services.staffing_declare(
                site=site,
                user=request.user,
                lines=form.lines(),
                declared_on=form.cleaned_data["declared_on"],
                comment=form.cleaned_data["comment"],
                cycle_weeks=form.cleaned_data["cycle_weeks"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            for warning in declared.warnings:
                messages.warning(request, warning)
            messages.success(request, _("La déclaration d'effectifs est enregistrée."))
            return redirect("masp:staffing_detail", pk=site.pk)
    return render(request, "masp/staffing/declare.html", {"site": site, "form": form})


def _previous_lines(previous: StaffingDeclaration | None, context: Context) -> dict[str, LineInput]:
    """The latest declaration pre-fills the form: a new one usually changes little."""
    data = context.declaration(previous)
    if data is None:
        return {}
    return {
        line.role: LineInput(
            line.role,
            line.fte_funded,
            line.fte_filled,
            line.fte_agency,
            line.vacant_posts,
            presence=line.presence,
        )
        for line in data.lines
    }


def staffing_history(request: HttpRequest, pk: int) -> HttpResponse:
    site = _site(request, pk)
    context = Context.cached()
    page = Paginator(site.staffing_declarations.with_lines().select_related("declared_by"), 20)
    page_obj = page.get_page(request.GET.get("page"))
    rows = [
        (declaration, context.evaluate(declaration, site.capacity))
        for declaration in page_obj.object_list
    ]
    return render(
        request,
        "masp/staffing/history.html",
        {"site": site, "rows": rows, "page_obj": page_obj, "norm_set": context.norm_set},
    )


def staffing_region(request: HttpRequest, code: str) -> HttpResponse:
    region = get_object_or_404(Region, code=code)
    if not can_see_region(request.user, code):
        raise Http404
    context = Context.cached()
    sites = Site.objects.visible_to(request.user).in_region(code).filter(status__in=STAFFED)
    rows = house_rows(sites.order_by("name", "pk"), context)
    return render(
        request,
        "masp/staffing/region.html",
        {
            "region": region,
            "rows": rows,
            "table_rows": region_table_rows(rows),
            "roles": context.ruled_roles,
            **_summary(rows, context),
        },
    )


def staffing_overview(request: HttpRequest) -> HttpResponse:
    context = Context.cached()
    sites = Site.objects.visible_to(request.user).filter(status__in=STAFFED)
    houses = house_rows(sites.select_related("department__region").order_by("name"), context)
    flagged = [
        house
        for house in houses
        if house.status in (ComplianceStatus.GAP, ComplianceStatus.WARNING)
    ]
    return render(
        request,
        "masp/staffing/overview.html",
        {
            "rows": region_rows(houses),
            "flagged": flagged,
            "flagged_items": flagged_items(houses),
            "norm_set": context.norm_set,
        },
    )


def _summary(rows: list[Any], context: Context) -> dict[str, Any]:
    return {
        "norm_set": context.norm_set,
        "gaps": sum(row.status == ComplianceStatus.GAP for row in rows),
        "warnings": sum(row.status == ComplianceStatus.WARNING for row in rows),
    }
