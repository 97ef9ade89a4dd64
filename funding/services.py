"""Write paths of the funding app: funding lines (with the envelope check), envelopes, the
coordinator's spending, the indicator-based line. Every change goes to the audit log."""

from __future__ import annotations

from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_changes, audit_record, audit_snapshot, audited_save
from accounts.enums import AuditAction
from funding.enums import FundingKind, FundingNature
from funding.figures import ZERO, format_euros
from funding.models import FundingLine, RegionalEnvelope
from funding.perms import can_declare_spent, can_manage_region_funding, can_manage_site_funding
from funding.queries import allocated_in_region
from funding.scheme import simulate
from masp.models import Site


class OverAllocation(ValidationError):
    """The line takes the region's envelope for its year and source over its amount."""


def envelope_excess(line: FundingLine) -> Decimal | None:
    """How much the envelope would be exceeded with this line (None: no envelope, or within)."""
    envelope = RegionalEnvelope.objects.filter(
        region_id=line.site.department.region_id, year=line.year, source_id=line.source_id
    ).first()
    if envelope is None:
        return None
    allocated = allocated_in_region(
        region_code=envelope.region_id, year=line.year, source_id=line.source_id, exclude=line.pk
    )
    excess = allocated + line.amount_notified - envelope.amount_notified
    return excess if excess > ZERO else None


def _check_envelope(line: FundingLine, user: Any, confirm: bool) -> None:
    excess = envelope_excess(line)
    if excess is None:
        line.over_allocation_confirmed = False
        line.over_allocation_confirmed_by = None
        line.over_allocation_confirmed_at = None
        return
    if not confirm:
        raise OverAllocation(
            _(
                "Ce montant dépasse l'enveloppe régionale %(source)s %(year)s de %(excess)s. "
                "Réduisez-le, ou cochez « je confirme le dépassement » "
                "pour l'enregistrer quand même."
            )
            % {"source": line.source, "year": line.year, "excess": format_euros(excess)},
            code="over_allocation",
        )
    if not line.over_allocation_confirmed:
        line.over_allocation_confirmed = True
        line.over_allocation_confirmed_by = user
        line.over_allocation_confirmed_at = timezone.now()


@transaction.atomic
def line_save(
    *,
    line: FundingLine,
    user: Any,
    confirm_over_allocation: bool = False,
    uploaded_name: str | None = None,
) -> FundingLine:
    """Create or update a line, refusing an envelope over-allocation unless confirmed."""
    if not can_manage_site_funding(user, line.site):
        raise PermissionDenied
    with audited_save(actor=user, instance=line):
        if uploaded_name:
            line.decision_document_name = PurePath(uploaded_name).name[:200]
        _check_envelope(line, user, confirm_over_allocation)
        line.full_clean()
        line.save()
    return line


@transaction.atomic
def envelope_save(*, envelope: RegionalEnvelope, user: Any) -> RegionalEnvelope:
    if not can_manage_region_funding(user, envelope.region_id):
        raise PermissionDenied
    with audited_save(actor=user, instance=envelope):
        envelope.full_clean()
        envelope.save()
    return envelope


@transaction.atomic
def spent_declare(*, line: FundingLine, user: Any, amount: Decimal) -> FundingLine:
    """The coordinator declares what was spent of a line, once its year is over."""
    if not can_declare_spent(user, line):
        raise PermissionDenied
    if amount < ZERO:
        raise ValidationError(_("Le montant consommé ne peut pas être négatif."))
    before = audit_snapshot(line)
    line.amount_spent = amount
    line.spent_declared_at = timezone.now()
    line.save(update_fields=["amount_spent", "spent_declared_at", "updated_at"])
    audit_record(
        actor=user,
        instance=line,
        action=AuditAction.UPDATE,
        changes=audit_changes(before, audit_snapshot(line)),
    )
    return line


def indicator_line_record(
    *, site: Site, year: int, user: Any, confirm_over_allocation: bool = False
) -> FundingLine:
    """Record the simulated indicator-based amount as a funding line (ARS agent only)."""
    if not can_manage_site_funding(user, site):
        raise PermissionDenied
    simulation = simulate(site, year)
    if simulation is None:
        raise ValidationError(
            _("Aucun barème de part variable n'est défini pour %(year)s.") % {"year": year}
        )
    if site.funding_lines.filter(year=year, kind=FundingKind.INDICATOR_BASED).exists():
        raise ValidationError(
            _("La part variable de %(year)s est déjà enregistrée.") % {"year": year}
        )
    line = FundingLine(
        site=site,
        year=year,
        source=simulation.scheme.source,
        kind=FundingKind.INDICATOR_BASED,
        nature=FundingNature.RUNNING,
        amount_notified=simulation.amount,
        decision_date=timezone.localdate(),
        comment=_("Part variable calculée selon le barème « %(name)s ».")
        % {"name": simulation.scheme.name},
        indicator_details=simulation.details(),
    )
    return line_save(line=line, user=user, confirm_over_allocation=confirm_over_allocation)
