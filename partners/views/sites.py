"""A house's partners page: conformity, partners, conventions (with their signed document) and
user participation; the coordinator's forms."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import ModelForm
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.audit import audited_delete, audited_form_save
from common.uploads import private_file_response
from masp.models import Site
from partners.conformity import conformity_of
from partners.forms import ConventionForm, ParticipationForm, PartnershipForm
from partners.models import Convention, ParticipationBody, Partnership
from partners.perms import can_manage_partners
from partners.services import convention_record


def visible_site(request: HttpRequest, pk: int) -> Site:
    return get_object_or_404(Site.objects.visible_to(request.user).with_territory(), pk=pk)


def managed_site(request: HttpRequest, pk: int) -> Site:
    """The house, if visible (else 404), and if the user may manage it (else 403)."""
    site = visible_site(request, pk)
    if not can_manage_partners(request.user, site):
        raise PermissionDenied
    return site


def site_partners(request: HttpRequest, pk: int) -> HttpResponse:
    site = visible_site(request, pk)
    context = {
        "site": site,
        "conformity": conformity_of(site),
        "partnerships": site.partnerships.select_related("organisation__department"),
        "conventions": site.conventions.with_status().select_related("partner"),
        "participation_bodies": site.participation_bodies.all(),
        "can_manage": can_manage_partners(request.user, site),
    }
    return render(request, "partners/site_partners.html", context)


def site_page(site: Site, anchor: str) -> str:
    return reverse("partners:site_partners", args=[site.pk]) + anchor


def edit_page(
    request: HttpRequest,
    site: Site,
    form: ModelForm,
    title: str,
    anchor: str,
    save: Callable[[Any], object] | None = None,
) -> HttpResponse:
    """Shared flow of the house's forms: save a valid form (audited), else show it with its
    errors."""
    if request.method == "POST" and form.is_valid():
        (save or partial(audited_form_save, actor=request.user))(form)
        messages.success(request, _("Les modifications sont enregistrées."))
        return redirect(site_page(site, anchor))
    context = {"site": site, "form": form, "title": title, "cancel_url": site_page(site, anchor)}
    return render(request, "partners/site_form.html", context)


def save_convention(form: ConventionForm, *, user: Any) -> Convention:
    upload = form.files.get("document")
    return convention_record(
        convention=form.save(commit=False),
        user=user,
        uploaded_name=upload.name if upload else None,
    )


def partnership_add(request: HttpRequest, pk: int) -> HttpResponse:
    site = managed_site(request, pk)
    form = PartnershipForm(request.POST or None, site=site)
    return edit_page(request, site, form, _("Ajouter un partenaire"), "#partners")


def convention_create(request: HttpRequest, pk: int) -> HttpResponse:
    site = managed_site(request, pk)
    form = ConventionForm(request.POST or None, request.FILES or None, site=site)
    save = partial(save_convention, user=request.user)
    return edit_page(request, site, form, _("Nouvelle convention"), "#conventions", save)


def convention_edit(request: HttpRequest, pk: int) -> HttpResponse:
    convention = get_object_or_404(Convention.objects.visible_to(request.user), pk=pk)
    site = managed_site(request, convention.site_id)
    form = ConventionForm(
        request.POST or None, request.FILES or None, instance=convention, site=site
    )
    title = _("Modifier la convention")
    save = partial(save_convention, user=request.user)
    return edit_page(request, site, form, title, "#conventions", save)


def convention_document(request: HttpRequest, pk: int) -> FileResponse:
    """The signed PDF, only for those who may see the house (404 otherwise)."""
    convention = get_object_or_404(Convention.objects.visible_to(request.user), pk=pk)
    if not convention.document:
        raise Http404
    try:
        handle = convention.document.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return private_file_response(
        file=handle, filename=convention.document_name or f"convention-{convention.pk}.pdf"
    )


def participation_add(request: HttpRequest, pk: int) -> HttpResponse:
    site = managed_site(request, pk)
    form = ParticipationForm(request.POST or None, site=site)
    return edit_page(request, site, form, _("Ajouter une instance de participation"), "#users")


def participation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_object_or_404(ParticipationBody.objects.visible_to(request.user), pk=pk)
    site = managed_site(request, body.site_id)
    form = ParticipationForm(request.POST or None, instance=body, site=site)
    return edit_page(request, site, form, _("Modifier l'instance de participation"), "#users")


def confirm_delete(
    request: HttpRequest, site: Site, obj: Partnership | ParticipationBody, anchor: str
) -> HttpResponse:
    """GET asks for confirmation, POST deletes (the record only: conventions stay; audited)."""
    if request.method == "POST":
        audited_delete(actor=request.user, instance=obj)
        messages.success(request, _("« %s » est retiré de la maison.") % obj)
        return redirect(site_page(site, anchor))
    context = {"site": site, "object": obj, "cancel_url": site_page(site, anchor)}
    return render(request, "partners/confirm_delete.html", context)


def partnership_delete(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = get_object_or_404(
        Partnership.objects.visible_to(request.user).select_related("organisation"), pk=pk
    )
    site = managed_site(request, partnership.site_id)
    return confirm_delete(request, site, partnership, "#partners")


def participation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_object_or_404(ParticipationBody.objects.visible_to(request.user), pk=pk)
    site = managed_site(request, body.site_id)
    return confirm_delete(request, site, body, "#users")
