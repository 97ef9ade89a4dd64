"""The public page of national partners and the partner directory (logged-in users)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.generic import ListView

from accounts.audit import audited_form_save
from accounts.scopes import scope_for
from partners.forms import OrganisationFilterForm, OrganisationForm
from partners.models import Organisation, OrganisationQuerySet, Partnership
from partners.perms import (
    can_create_organisation,
    can_edit_organisation,
    can_follow_conformity,
    can_reclassify_organisation,
    organisation_regions,
)


@login_not_required
def national_partners(request: HttpRequest) -> HttpResponse:
    partners = Organisation.objects.national().order_by("name")
    return render(request, "partners/national_partners.html", {"partners": partners})


class DirectoryView(ListView):
    template_name = "partners/directory.html"
    context_object_name = "organisations"
    paginate_by = 50

    def get_queryset(self) -> OrganisationQuerySet:
        self.filter_form = OrganisationFilterForm(self.request.GET or None)
        organisations = Organisation.objects.select_related("department")
        return self.filter_form.filter(organisations)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            filter_form=self.filter_form,
            query_string=query.urlencode(),
            can_create=can_create_organisation(self.request.user),
            can_follow=can_follow_conformity(self.request.user),
        )
        return context


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.select_related("department"), pk=pk)
    # The houses working with it, within the reader's scope only.
    partnerships = (
        Partnership.objects.visible_to(request.user)
        .filter(organisation=organisation)
        .select_related("site__department")
    )
    context = {
        "organisation": organisation,
        "partnerships": partnerships,
        "can_edit": can_edit_organisation(request.user, organisation),
    }
    return render(request, "partners/organisation_detail.html", context)


def organisation_create(request: HttpRequest) -> HttpResponse:
    if not can_create_organisation(request.user):
        raise PermissionDenied
    return organisation_form(request, Organisation())


def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.select_related("department"), pk=pk)
    if not can_edit_organisation(request.user, organisation):
        raise PermissionDenied
    return organisation_form(request, organisation)


def organisation_form(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    form = OrganisationForm(
        request.POST or None,
        instance=organisation,
        national_admin=scope_for(request.user).is_national_admin,
        can_reclassify=can_reclassify_organisation(request.user, organisation),
        regions=organisation_regions(request.user, organisation),
    )
    if request.method == "POST" and form.is_valid():
        organisation = audited_form_save(form, actor=request.user)
        messages.success(request, _("L'organisation « %s » est enregistrée.") % organisation)
        return redirect(organisation)
    return render(request, "partners/organisation_form.html", {"form": form})
