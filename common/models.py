"""What the portal's models share."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


class ChoiceLabels(models.Model):
    """`get_FOO_display()` without rebuilding a dict of every translated choice on each call,
    as Django does (a list of a hundred reports calls it a hundred times, and each rebuild
    translates every label). The dict of a field is built once; its labels stay lazy, so
    every call still answers in the language of the request."""

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field: models.Field) -> Any:
        labels = field.__dict__.get("_choice_labels")
        if labels is None:
            labels = field.__dict__["_choice_labels"] = dict(make_hashable(field.flatchoices))
        value = getattr(self, field.attname)
        return force_str(labels.get(make_hashable(value), value), strings_only=True)
