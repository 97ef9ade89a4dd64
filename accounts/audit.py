"""The audit log of changes: one explicit call per write path (`audit_record`).

Usage in a service or an admin `save_model`:

    before = audit_snapshot(report)
    ...change and save report...
    audit_record(actor=user, instance=report, action=AuditAction.UPDATE,
                 changes=audit_changes(before, audit_snapshot(report)))

The log is append-only: what it holds can never be erased. So it records that a free-text
field (a comment, a justification, a name, an address) was filled, changed or emptied, never
its content: a person's name typed there by mistake is erased from the record itself (and its
history, `manage.py erase_history_text`), not from the log (docs/security.md).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.forms import ModelForm

from accounts.enums import AuditAction
from accounts.models import AuditEntry

# Never written to the log, whatever the model: passwords, token and key digests, secrets.
SECRET_WORDS = ("password", "secret", "token")
REDACTED = "[masqué]"
# What the log says of a filled free-text field, in place of its content.
FREE_TEXT = "[texte libre]"
# From this length a CharField without choices holds prose or a name (comment, name, address,
# e-mail, file name); below it, codes (FINESS, SIRET, postcode, phone, acronym) keep their value.
FREE_TEXT_MIN_LENGTH = 100

Changes = dict[str, dict[str, Any]]


def is_secret(field_name: str) -> bool:
    name = field_name.lower()
    return any(word in name for word in SECRET_WORDS) or name.endswith("_hash") or name == "key"


def is_free_text(field: models.Field) -> bool:
    """A field anyone may type anything in: TextField, or a long CharField without choices.
    Numbers, dates, statuses, codes and foreign keys are not."""
    if isinstance(field, models.TextField):
        return True
    return (
        isinstance(field, models.CharField)
        and not isinstance(field, models.SlugField)
        and not field.choices
        and (field.max_length or 0) >= FREE_TEXT_MIN_LENGTH
    )


def _free_text_fields(instance: models.Model) -> dict[str, models.Field]:
    return {field.name: field for field in instance._meta.concrete_fields if is_free_text(field)}


def _presence(value: Any) -> Any:
    """A free text as the log keeps it: whether it was filled, not what it said."""
    return FREE_TEXT if value else value


def _object_repr(instance: models.Model, free_text: dict[str, models.Field]) -> str:
    """The object's label, unless it quotes one of its free texts (a body named after a
    person, say): then its kind and number."""
    label = str(instance)
    for field in free_text.values():
        value = field.value_from_object(instance)
        if value and str(value) in label:
            return f"{instance._meta.verbose_name} n° {instance.pk}"[:200]
    return label[:200]


def _plain(value: Any) -> Any:
    """The value as it will be stored in JSON (dates as ISO strings, decimals as strings,
    files by their stored name)."""
    if isinstance(value, FieldFile):
        return value.name or ""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def audit_snapshot(instance: models.Model) -> dict[str, Any]:
    """The instance's concrete fields (foreign keys by id), without secrets, the primary key
    and the automatic timestamps (they change on every save and say nothing the entry does not)."""
    return {
        field.name: _plain(field.value_from_object(instance))
        for field in instance._meta.concrete_fields
        if not (
            is_secret(field.name)
            or field.primary_key
            or getattr(field, "auto_now", False)
            or getattr(field, "auto_now_add", False)
        )
    }


def stored_snapshot(instance: models.Model) -> dict[str, Any]:
    """`audit_snapshot` of the row as the database holds it (a form may already have changed
    the instance in memory); empty for a new instance."""
    if instance.pk is None:
        return {}
    previous = type(instance)._default_manager.filter(pk=instance.pk).first()
    return audit_snapshot(previous) if previous is not None else {}


@contextmanager
def audited_save(*, actor: Any, instance: models.Model) -> Iterator[None]:
    """Around the save of `instance`: one CREATE or UPDATE entry with what changed, written
    only if the block completes (an exception leaves no entry)."""
    creating = instance.pk is None
    before = stored_snapshot(instance)
    yield
    audit_record(
        actor=actor,
        instance=instance,
        action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        changes=audit_changes(before, audit_snapshot(instance)),
    )


def audited_form_save(form: ModelForm, *, actor: Any) -> Any:
    """Save a valid model form, with its CREATE or UPDATE entry, in one transaction."""
    with transaction.atomic(), audited_save(actor=actor, instance=form.instance):
        return form.save()


def audit_creation(*, actor: Any, instance: models.Model) -> AuditEntry:
    """The CREATE entry of `instance`, just saved (by `get_or_create`, say), with its values."""
    changes = audit_changes({}, audit_snapshot(instance))
    return audit_record(actor=actor, instance=instance, action=AuditAction.CREATE, changes=changes)


def audit_deletion(*, actor: Any, instance: models.Model) -> AuditEntry:
    """The DELETE entry of `instance`, holding its last values: write it just before the
    delete, in the same transaction (the primary key is still known)."""
    changes = audit_changes(audit_snapshot(instance), {})
    return audit_record(actor=actor, instance=instance, action=AuditAction.DELETE, changes=changes)


def audited_delete(*, actor: Any, instance: models.Model) -> None:
    """Delete `instance` with its DELETE entry, in one transaction."""
    with transaction.atomic():
        audit_deletion(actor=actor, instance=instance)
        instance.delete()


def audit_changes(before: dict[str, Any], after: dict[str, Any]) -> Changes:
    """`{field: {"old": ..., "new": ...}}` for the fields whose value differs."""
    return {
        name: {"old": before.get(name), "new": after.get(name)}
        for name in sorted(before.keys() | after.keys())
        if before.get(name) != after.get(name)
    }


def audit_record(
    *, actor: Any, instance: models.Model, action: str, changes: Changes | None = None
) -> AuditEntry:
    """Append one entry. On create pass `audit_changes({}, audit_snapshot(obj))`; on delete
    `audit_changes(audit_snapshot(obj), {})` (before the delete, while the pk is known)."""
    if action not in AuditAction.values:
        raise ValueError(f"Unknown audit action: {action!r}")
    free_text = _free_text_fields(instance)
    safe = {}
    for name, values in (changes or {}).items():
        old, new = values.get("old"), values.get("new")
        if is_secret(name):
            old, new = REDACTED, REDACTED
        elif name in free_text:
            old, new = _presence(old), _presence(new)
        safe[name] = {"old": _plain(old), "new": _plain(new)}
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=user,
        actor_email=getattr(user, "email", "") or "",
        action=action,
        content_type=ContentType.objects.get_for_model(instance),
        object_id=str(instance.pk),
        object_repr=_object_repr(instance, free_text),
        changes=safe,
    )


class AuditedAdminMixin:
    """For a ModelAdmin: every save and delete made in the admin goes to the audit log."""

    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        before = stored_snapshot(obj) if change else {}
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        changes = audit_changes(before, audit_snapshot(obj))
        if changes or not change:
            action = AuditAction.UPDATE if change else AuditAction.CREATE
            audit_record(actor=request.user, instance=obj, action=action, changes=changes)

    def delete_model(self, request: Any, obj: models.Model) -> None:
        audit_deletion(actor=request.user, instance=obj)
        super().delete_model(request, obj)  # type: ignore[misc]

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)
