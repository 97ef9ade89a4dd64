"""Pages of the siting advisor: run it, download a run, save it as a scenario, compare two."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from masp.coverage.indicators import current_version
from masp.coverage.siting.downloads import download
from masp.coverage.siting.forms import ScenarioForm, SitingForm, initial_query
from masp.coverage.siting.maps import siting_map
from masp.coverage.siting.models import SitingScenario
from masp.coverage.siting.services import (
    Parameters,
    Result,
    cached_result,
    may_run,
    scenario_save,
)
from masp.perms import can_save_siting, can_use_siting


def run_form(request: HttpRequest) -> SitingForm:
    """The form of the query string; a region outside the user's scope is a 404."""
    if not can_use_siting(request.user):
        raise PermissionDenied
    if "scope" in request.GET:
        may_run(request.user, request.GET["scope"])
        return SitingForm(request.GET, user=request.user)
    return SitingForm(user=request.user)


def result_context(result: Result, map_key: str) -> dict[str, Any]:
    # The SVG is built by territories.maps, which escapes every text it writes.
    return {"result": result, "map_svg": mark_safe(siting_map(result, map_key))}  # noqa: S308


def siting(request: HttpRequest) -> HttpResponse:
    form = run_form(request)
    context: dict[str, Any] = {"form": form}
    if form.is_bound and form.is_valid() and form.parameters is not None:
        parameters = form.parameters
        result = cached_result(parameters)
        context.update(
            result_context(result, f"{current_version()}:{parameters.digest}"),
            query=request.GET.urlencode(),
            hidden=[(name, value) for name, values in request.GET.lists() for value in values],
            scenario_form=ScenarioForm(),
            can_save=can_save_siting(request.user, parameters.scope),
            parameters=parameters,
        )
    status = 400 if form.errors else 200
    return render(request, "masp/coverage/siting/siting.html", context, status=status)


def siting_export(request: HttpRequest, fmt: str) -> HttpResponse:
    form = run_form(request)
    if not form.is_bound or not form.is_valid() or form.parameters is None:
        return HttpResponse(
            _("Paramètres invalides : relancez le calcul depuis la page."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    return download(cached_result(form.parameters), fmt, "implantation")


def scenario_list(request: HttpRequest) -> HttpResponse:
    """GET: the scenarios in the user's scope; POST: save a run (its query string) by name."""
    if not can_use_siting(request.user):
        raise PermissionDenied
    if request.method == "POST":
        return scenario_create(request)
    scenarios = SitingScenario.objects.visible_to(request.user).select_related("region", "author")
    return render(request, "masp/coverage/siting/scenario_list.html", {"scenarios": scenarios})


def scenario_create(request: HttpRequest) -> HttpResponse:
    form = SitingForm(request.POST, user=request.user)
    scope = request.POST.get("scope", "")
    may_run(request.user, scope)
    name_form = ScenarioForm(request.POST)
    if not (form.is_valid() and name_form.is_valid()) or form.parameters is None:
        messages.error(request, _("Le scénario n'a pas été enregistré : paramètres invalides."))
        return redirect("masp:siting")
    try:
        scenario = scenario_save(
            user=request.user, name=name_form.cleaned_data["name"], parameters=form.parameters
        )
    except ValidationError:
        messages.error(request, _("Le scénario n'a pas été enregistré : paramètres invalides."))
        return redirect("masp:siting")
    messages.success(request, _("Scénario « %(name)s » enregistré.") % {"name": scenario.name})
    return redirect("masp:siting_scenario", pk=scenario.pk)


def visible_scenario(request: HttpRequest, pk: int) -> SitingScenario:
    # A coordinator sees no scenario: a 404 like any object outside one's scope.
    return get_object_or_404(
        SitingScenario.objects.visible_to(request.user).select_related("region", "author"), pk=pk
    )


def scenario_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = visible_scenario(request, pk)
    result = Result.from_dict(scenario.result)
    rerun = urlencode(initial_query(Parameters.from_dict(scenario.parameters)), doseq=True)
    context = {
        "scenario": scenario,
        "rerun_url": f"{reverse('masp:siting')}?{rerun}",
        **result_context(result, f"scenario-{scenario.pk}"),
    }
    return render(request, "masp/coverage/siting/scenario_detail.html", context)


def scenario_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    scenario = visible_scenario(request, pk)
    return download(Result.from_dict(scenario.result), fmt, f"scenario-{scenario.pk}")


def scenario_compare(request: HttpRequest) -> HttpResponse:
    """Two scenarios side by side (`?a=<pk>&b=<pk>`)."""
    if not can_use_siting(request.user):
        raise PermissionDenied
    visible = SitingScenario.objects.visible_to(request.user).select_related("region", "author")
    choices = list(visible)
    picked = []
    for name in ("a", "b"):
        value = request.GET.get(name, "")
        if value:
            if not value.isdigit():
                raise Http404
            picked.append(get_object_or_404(visible, pk=int(value)))
    columns = [
        {
            "scenario": scenario,
            **result_context(Result.from_dict(scenario.result), f"scenario-{scenario.pk}"),
        }
        for scenario in picked
    ]
    return render(
        request,
        "masp/coverage/siting/scenario_compare.html",
        {
            "columns": columns,
            "choices": choices,
            "pickers": [(name, request.GET.get(name, "")) for name in ("a", "b")],
        },
    )
