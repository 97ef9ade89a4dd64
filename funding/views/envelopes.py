"""The ARS agent's forms for the regional envelopes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from funding.forms import EnvelopeForm
from funding.models import RegionalEnvelope
from funding.perms import can_manage_region_funding
from funding.services import envelope_save
from funding.views.common import requested_year
from funding.views.tables import visible_region
from territories.models import Region


def _page(request: HttpRequest, region: Region, form: EnvelopeForm, title: str) -> HttpResponse:
    table = reverse("funding:region", args=[region.code])
    if request.method == "POST" and form.is_valid():
        try:
            envelope = envelope_save(envelope=form.save(commit=False), user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("L'enveloppe régionale est enregistrée."))
            return redirect(f"{table}?year={envelope.year}")
    context = {"region": region, "form": form, "title": title, "cancel_url": table}
    return render(request, "funding/form.html", context)


def envelope_create(request: HttpRequest, code: str) -> HttpResponse:
    region = visible_region(request, code)
    if not can_manage_region_funding(request.user, region.code):
        raise PermissionDenied
    initial = {"year": requested_year(request)}
    form = EnvelopeForm(request.POST or None, region=region, initial=initial)
    return _page(request, region, form, _("Nouvelle enveloppe régionale"))


def envelope_edit(request: HttpRequest, pk: int) -> HttpResponse:
    envelopes = RegionalEnvelope.objects.visible_to(request.user).select_related("region")
    envelope = get_object_or_404(envelopes, pk=pk)
    if not can_manage_region_funding(request.user, envelope.region_id):
        raise PermissionDenied
    form = EnvelopeForm(request.POST or None, instance=envelope, region=envelope.region)
    return _page(request, envelope.region, form, _("Modifier l'enveloppe régionale"))
