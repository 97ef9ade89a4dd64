"""A house's funding: figures per year, lines, simulation of the indicator-based part, and the
forms of the ARS agent (lines) and of the coordinator (spending)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.uploads import private_file_response
from funding.enums import FundingNature
from funding.figures import Amounts
from funding.forms import FundingLineForm, IndicatorConfirmForm, SpentForm
from funding.models import FundingLine
from funding.perms import can_declare_spent, can_manage_site_funding
from funding.queries import house_year_for, year_reports
from funding.scheme import AxisResult, simulate
from funding.services import OverAllocation, indicator_line_record, line_save, spent_declare
from funding.templatetags.funding_tags import euros
from funding.views.common import requested_year, year_choices
from masp.models import Site


def _value(value: Any) -> str:
    """A value as a template writes it: localized, escaped."""
    return conditional_escape(formats.localize(value))


def score_rows(axis: AxisResult) -> str:
    """The rows of an axis's table of indicators (one per indicator, with its tiers), written
    here rather than in the template (it renders them for every axis of the simulation)."""
    tier = gettext("≥ %(threshold)s %% : %(points)s points")
    rows = []
    for score in axis.scores:
        value = gettext("non mesurable") if score.value is None else f"{_value(score.value)} %"
        tiers = "".join(
            f"<li>{tier % {'threshold': _value(rule.threshold), 'points': _value(rule.points)}}"
            f" — {conditional_escape(rule.source_note)}</li>"
            for rule in score.tiers
        )
        rows.append(
            f"\n    <tr><td>{conditional_escape(capfirst(score.label))}</td><td>{value}</td>"
            f"<td>{_value(score.points)} / {_value(score.max_points)}</td>"
            f"\n      <td><ul>{tiers}</ul></td></tr>\n  "
        )
    return mark_safe("".join(rows))  # noqa: S308  # every value is escaped above


def improvement_items(axis: AxisResult) -> str:
    """The items of "what would raise this axis" (as `score_rows`)."""
    gain_text = gettext(
        "%(label)s à %(threshold)s %% ou plus : +%(points)s points, soit +%(amount)s"
    )
    items = [
        "<li>"
        + gain_text
        % {
            "label": conditional_escape(capfirst(gain.score.label)),
            "threshold": _value(gain.threshold),
            "points": _value(gain.points),
            "amount": conditional_escape(euros(gain.amount)),
        }
        + "</li>"
        for gain in axis.improvements
    ]
    return mark_safe("".join(items))  # noqa: S308  # every value is escaped above


def visible_site(request: HttpRequest, pk: int) -> Site:
    return get_object_or_404(Site.objects.visible_to(request.user).with_territory(), pk=pk)


def site_page(site: Site, year: int) -> str:
    return reverse("funding:site", args=[site.pk]) + f"?year={year}"


def site_funding(request: HttpRequest, pk: int) -> HttpResponse:
    site = visible_site(request, pk)
    year = requested_year(request)
    can_manage = can_manage_site_funding(request.user, site)
    lines = list(site.funding_lines.filter(year=year).select_related("source"))
    reports = year_reports(site, year)
    figures = house_year_for(site, year, lines=lines, reports=reports)
    sources = {line.source_id: line.source for line in lines}  # every source of `by_source`
    simulation = simulate(site, year, reports=reports)
    context = {
        "site": site,
        "year": year,
        "years": year_choices(year),
        "lines": [(line, can_declare_spent(request.user, line)) for line in lines],
        "figures": figures,
        "by_source": [
            (sources.get(key, key), amounts) for key, amounts in figures.by_source.items()
        ],
        "by_nature": [
            (nature.label, figures.by_nature.get(nature.value, Amounts()))
            for nature in FundingNature
        ],
        "can_manage": can_manage,
        "simulation": simulation,
        "simulation_axes": [
            (axis, score_rows(axis), improvement_items(axis))
            for axis in (simulation.axes if simulation else [])
        ],
        "confirm_form": IndicatorConfirmForm(initial={"year": year}),
    }
    return render(request, "funding/site_funding.html", context)


def _line_form_page(
    request: HttpRequest, site: Site, form: FundingLineForm, title: str
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        upload = form.files.get("decision_document")
        try:
            line = line_save(
                line=form.save(commit=False),
                user=request.user,
                confirm_over_allocation=form.cleaned_data["confirm_over_allocation"],
                uploaded_name=upload.name if upload else None,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("La ligne de financement est enregistrée."))
            return redirect(site_page(site, line.year))
    context = {
        "site": site,
        "form": form,
        "title": title,
        "cancel_url": site_page(site, requested_year(request)),
    }
    return render(request, "funding/form.html", context)


def line_create(request: HttpRequest, pk: int) -> HttpResponse:
    site = visible_site(request, pk)
    if not can_manage_site_funding(request.user, site):
        raise PermissionDenied
    initial = {"year": requested_year(request)}
    form = FundingLineForm(request.POST or None, request.FILES or None, site=site, initial=initial)
    return _line_form_page(request, site, form, _("Nouvelle ligne de financement"))


def visible_line(request: HttpRequest, pk: int) -> FundingLine:
    lines = FundingLine.objects.visible_to(request.user).select_related("site__department")
    return get_object_or_404(lines, pk=pk)


def line_edit(request: HttpRequest, pk: int) -> HttpResponse:
    line = visible_line(request, pk)
    if not can_manage_site_funding(request.user, line.site):
        raise PermissionDenied
    form = FundingLineForm(
        request.POST or None, request.FILES or None, instance=line, site=line.site
    )
    return _line_form_page(request, line.site, form, _("Modifier la ligne de financement"))


def line_spent(request: HttpRequest, pk: int) -> HttpResponse:
    line = visible_line(request, pk)
    if not can_declare_spent(request.user, line):
        raise PermissionDenied
    form = SpentForm(request.POST or None, initial={"amount_spent": line.amount_spent})
    if request.method == "POST" and form.is_valid():
        spent_declare(line=line, user=request.user, amount=form.cleaned_data["amount_spent"])
        messages.success(request, _("Le montant consommé est enregistré."))
        return redirect(site_page(line.site, line.year))
    title = _("Déclarer le montant consommé — %(line)s") % {"line": line}
    context = {
        "site": line.site,
        "form": form,
        "title": title,
        "cancel_url": site_page(line.site, line.year),
    }
    return render(request, "funding/form.html", context)


def line_document(request: HttpRequest, pk: int) -> FileResponse:
    """The decision PDF, only for those who may see the house (404 otherwise)."""
    line = visible_line(request, pk)
    if not line.decision_document:
        raise Http404
    try:
        handle = line.decision_document.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return private_file_response(
        file=handle, filename=line.decision_document_name or f"decision-{line.pk}.pdf"
    )


@require_POST
def indicator_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """The ARS agent records the simulated indicator-based amount as a funding line."""
    site = visible_site(request, pk)
    if not can_manage_site_funding(request.user, site):
        raise PermissionDenied
    form = IndicatorConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("La demande est incomplète."))
        return redirect(site_page(site, requested_year(request)))
    year = form.cleaned_data["year"]
    try:
        indicator_line_record(
            site=site,
            year=year,
            user=request.user,
            confirm_over_allocation=form.cleaned_data["confirm_over_allocation"],
        )
    except (OverAllocation, ValidationError) as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("La part variable est enregistrée comme ligne de financement."))
    return redirect(site_page(site, year))
