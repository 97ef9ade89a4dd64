"""Erasing a person's data typed by mistake in a free text, from the history of its record."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from accounts.audit import audit_record, is_free_text
from accounts.enums import AuditAction

ERASED = "[effacé]"


def history_model_of(model: type[models.Model]) -> type[models.Model] | None:
    """The django-simple-history model of `model`, if it keeps one."""
    history = getattr(model, "history", None)
    return getattr(history, "model", None)


def history_text_erase(
    *, instance: models.Model, field_name: str, actor: Any, wet_run: bool = False
) -> int:
    """Replace, in every past version of `instance`, the free text `field_name` by "[effacé]"
    where it differs from the record's current value (correct the record first). Returns the
    number of versions concerned; writes only with `wet_run`, with one audit entry saying
    that the history was erased (never what it held)."""
    model = type(instance)
    try:
        field = model._meta.get_field(field_name)
    except FieldDoesNotExist:
        field = None
    if not isinstance(field, models.Field) or not is_free_text(field):
        raise ValidationError(
            _("« %(field)s » n'est pas un champ de texte libre de %(model)s.")
            % {"field": field_name, "model": model._meta.verbose_name}
        )
    history = history_model_of(model)
    if history is None:
        raise ValidationError(
            _("%(model)s ne garde pas d'historique.") % {"model": model._meta.verbose_name}
        )
    current = field.value_from_object(instance)
    versions = (
        history._default_manager.filter(**{model._meta.pk.attname: instance.pk})
        .exclude(**{field.attname: current})
        .exclude(**{field.attname: ERASED})
    )
    if not wet_run:
        return versions.count()
    with transaction.atomic():
        count = versions.update(**{field.attname: ERASED})
        if count:
            audit_record(
                actor=actor,
                instance=instance,
                action=AuditAction.UPDATE,
                changes={f"historique.{field_name}": {"old": count, "new": ERASED}},
            )
    return count
