"""ChoiceLabels: the labels Django's get_FOO_display() gives, without its per-call rebuild."""

from __future__ import annotations

from django.db import models
from django.utils.functional import Promise

from masp.activity.enums import ReportStatus
from masp.models import ActivityReport, Site
from masp.sites.enums import SiteStatus


def test_every_choice_reads_as_django_reads_it() -> None:
    for status in SiteStatus:
        site = Site(status=status)
        field = Site._meta.get_field("status")
        assert site.get_status_display() == models.Model._get_FIELD_display(site, field)
        assert site.get_status_display() == str(status.label)
    for status in ReportStatus:
        assert ActivityReport(status=status).get_status_display() == str(status.label)


def test_an_unknown_value_reads_as_itself() -> None:
    assert Site(status="ailleurs").get_status_display() == "ailleurs"


def test_labels_stay_lazy_so_each_call_follows_the_language() -> None:
    Site(status=SiteStatus.OPEN).get_status_display()
    labels = Site._meta.get_field("status").__dict__["_choice_labels"]
    assert all(isinstance(label, Promise) for label in labels.values())
