"""Serializers of the partners API."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from common.api.serializers import ModelSerializer
from common.uploads import validate_pdf_upload
from partners.enums import ConventionStatus
from partners.models import Convention, Organisation


class OrganisationSerializer(ModelSerializer):
    department = serializers.CharField(source="department_id", allow_null=True, read_only=True)
    # An address or "" (not documented as a URI: the empty value would break the schema).
    website = serializers.CharField(read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "acronym",
            "kind",
            "scope",
            "department",
            "finess",
            "siret",
            "address",
            "website",
            "description",
        ]
        read_only_fields = fields


class ConventionSerializer(ModelSerializer):
    status = serializers.ChoiceField(choices=ConventionStatus.choices, read_only=True)
    partner_name = serializers.CharField(source="partner.name", read_only=True)
    document = serializers.FileField(
        write_only=True, required=False, validators=[validate_pdf_upload]
    )
    document_url = serializers.SerializerMethodField()

    class Meta:
        model = Convention
        fields = [
            "id",
            "site",
            "partner",
            "partner_name",
            "subject",
            "signed_on",
            "valid_from",
            "valid_until",
            "terminated_on",
            "status",
            "document",
            "document_url",
            "document_name",
            "notes",
        ]
        read_only_fields = ["site", "document_name"]

    def get_document_url(self, convention: Convention) -> str | None:
        if not convention.document:
            return None
        return reverse("partners:convention_document", args=[convention.pk])

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        site = self.context["site"]
        partner = attrs.get("partner")
        if (
            partner
            and partner.department
            and partner.department.region_id != (site.department.region_id)
        ):
            raise serializers.ValidationError(
                {"partner": _("Ce partenaire n'est pas dans la région de la maison.")}
            )
        convention = Convention(site=site, **attrs)
        try:
            convention.clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(serializers.as_serializer_error(error)) from error
        return attrs
