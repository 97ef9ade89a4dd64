"""Forms of the partners app."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, cast

from django import forms
from django.db import models
from django.db.models import Q
from django.db.models.fields import BLANK_CHOICE_DASH
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.forms import PortalForm, PortalModelForm, PrivateFileInput
from common.uploads import validate_pdf_upload
from masp.models import Site
from partners.enums import OrganisationKind, OrganisationScope
from partners.models import (
    Convention,
    Organisation,
    OrganisationQuerySet,
    ParticipationBody,
    Partnership,
)
from territories.forms import DepartmentFilterField
from territories.models import Department


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class OrganisationFilterForm(PortalForm):
    q = forms.CharField(label=_("Nom, sigle, FINESS ou SIRET"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Type"), choices=[("", _("Tous")), *OrganisationKind.choices], required=False
    )
    department = DepartmentFilterField()

    def filter(self, organisations: OrganisationQuerySet) -> OrganisationQuerySet:
        """Apply the valid filters; an invalid form leaves the list unfiltered."""
        if not self.is_valid():
            return organisations
        data = self.cleaned_data
        if data["q"]:
            organisations = organisations.search(data["q"])
        if data["kind"]:
            organisations = organisations.filter(kind=data["kind"])
        if data["department"]:
            organisations = organisations.filter(department_id=data["department"])
        return organisations


def https_formfield(field: models.Field, **kwargs: Any) -> forms.Field | None:
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


RECLASSIFY_HELP = _(
    "Modifiable par l'ARS de la région ou l'administration nationale : la conformité des "
    "maisons en dépend."
)


class OrganisationForm(PortalModelForm):
    class Meta:
        model = Organisation
        formfield_callback = https_formfield
        fields = [
            "name",
            "acronym",
            "kind",
            "department",
            "finess",
            "siret",
            "address",
            "website",
            "email",
            "phone",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(
        self,
        *args: Any,
        national_admin: bool = False,
        can_reclassify: bool = True,
        regions: Collection[str] | None = None,
        **kwargs: Any,
    ) -> None:
        """`can_reclassify`: may change the kind and département of an existing organisation;
        `regions`: the regions whose départements may be chosen (None: any)."""
        super().__init__(*args, **kwargs)
        kind = cast(forms.ChoiceField, self.fields["kind"])
        department = cast(forms.ModelChoiceField, self.fields["department"])
        if not national_admin:
            # National partners are reference data, kept by national administrators.
            kind.choices = [
                *BLANK_CHOICE_DASH,
                *(c for c in OrganisationKind.choices if c[0] != OrganisationKind.NATIONAL_PARTNER),
            ]
        if self.instance.pk and not can_reclassify:
            # Shown but not taken from the request: a tampered POST cannot change them.
            for field in (kind, department):
                field.disabled = True
                field.help_text = RECLASSIFY_HELP
            return
        if regions is not None:
            department.queryset = Department.objects.filter(region_id__in=regions)

    def clean(self) -> dict[str, Any] | None:
        data = super().clean()
        national = self.cleaned_data.get("kind") == OrganisationKind.NATIONAL_PARTNER
        self.instance.scope = (
            OrganisationScope.NATIONAL if national else OrganisationScope.DEPARTMENT
        )
        return data


def partner_choices(site: Site) -> OrganisationQuerySet:
    """The organisations a house may pick: national partners and those of its region."""
    return Organisation.objects.filter(
        Q(scope=OrganisationScope.NATIONAL) | Q(department__region_id=site.department.region_id)
    ).select_related("department")


class PartnershipForm(PortalModelForm):
    class Meta:
        model = Partnership
        fields = ["organisation", "role", "since"]
        widgets = {"since": DateInput()}

    def __init__(self, *args: Any, site: Site, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.site = site
        taken = site.partnerships.values("organisation")
        organisation = cast(forms.ModelChoiceField, self.fields["organisation"])
        organisation.queryset = partner_choices(site).exclude(pk__in=taken)


class ConventionForm(PortalModelForm):
    class Meta:
        model = Convention
        fields = [
            "partner",
            "subject",
            "signed_on",
            "valid_from",
            "valid_until",
            "terminated_on",
            "document",
            "notes",
        ]
        widgets = {
            "signed_on": DateInput(),
            "valid_from": DateInput(),
            "valid_until": DateInput(),
            "terminated_on": DateInput(),
            "document": PrivateFileInput(attrs={"accept": "application/pdf,.pdf"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, site: Site, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.site = site
        cast(forms.ModelChoiceField, self.fields["partner"]).queryset = partner_choices(site)
        if self.instance.pk and self.instance.document:
            document = cast(PrivateFileInput, self.fields["document"].widget)
            document.download_url = reverse("partners:convention_document", args=[self.instance.pk])
            document.file_name = self.instance.document_name

    def clean_document(self) -> Any:
        # Checked here too, so that a refused file never reaches the model's own checks
        # (which would then also ask for the signature date of a document that is not kept).
        document = self.cleaned_data.get("document")
        if document:
            validate_pdf_upload(document)
        return document


class ParticipationForm(PortalModelForm):
    class Meta:
        model = ParticipationBody
        fields = [
            "kind",
            "name",
            "organisation_name",
            "meeting_frequency",
            "last_meeting_on",
            "notes",
        ]
        widgets = {"last_meeting_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, site: Site, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.site = site
