"""Write paths of activity reports: campaigns of a year, saving a draft, and the workflow
transitions (submit, return, validate, reopen).

Each transition checks the person, then the state, then the content, locks the row
(`select_for_update`), bumps the version (optimistic concurrency for editors that loaded an
older version) and logs the transition, in one transaction. A return or a validation is
refused to whoever wrote or submitted a version of the report (maker-checker). Every write
also goes to the audit log (`accounts.audit`), inside the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.audit import audit_changes, audit_record, audit_snapshot, audited_save
from accounts.enums import AuditAction
from masp.activity.enums import EDITABLE_REPORT_STATUSES, ReportStatus
from masp.activity.fields import FIELD_NAMES, FIELDS_BY_NAME
from masp.activity.rules import Violation, errors, warnings
from masp.models import ActivityReport, ReportingCampaign, ReportTransition, Site
from masp.perms import can_file_report, can_manage_campaigns, can_review_reports


class ReportError(Exception):
    """A refused write; `status` is the HTTP answer the API gives."""

    code = "report_error"
    status = 400

    def __init__(self, message: str, violations: list[Violation] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.violations = violations or []


class NotAllowed(ReportError):
    code, status = "forbidden", 403


class WrongState(ReportError):
    code, status = "wrong_state", 409


class CampaignNotOpen(ReportError):
    code, status = "campaign_not_open", 409


class SeparationOfDuties(ReportError):
    """The reviewer wrote or submitted a version of the report (a refusal, not a 403 page:
    they may review the other reports of their region)."""

    code, status = "separation_of_duties", 403


class VersionConflict(ReportError):
    code, status = "version_conflict", 409


class RulesFailed(ReportError):
    code, status = "rules", 400


class FieldNotInForm(ReportError):
    code, status = "field_not_in_form_version", 400


class CommentRequired(ReportError):
    code, status = "comment_required", 400


STALE_PAGE = gettext_lazy(
    "Le rapport a été modifié depuis l'affichage de la page : relisez-le, puis recommencez."
)


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    allowed: Callable[[Any, Site], bool]
    comment_required: bool = False
    # A checker's decision on the maker's work: refused to the report's makers.
    checks_makers: bool = False


TRANSITIONS = {
    "submit": Transition(
        "submit", frozenset(EDITABLE_REPORT_STATUSES), ReportStatus.SUBMITTED, can_file_report
    ),
    "return": Transition(
        "return",
        frozenset({ReportStatus.SUBMITTED}),
        ReportStatus.RETURNED,
        can_review_reports,
        comment_required=True,
        checks_makers=True,
    ),
    "validate": Transition(
        "validate",
        frozenset({ReportStatus.SUBMITTED}),
        ReportStatus.VALIDATED,
        can_review_reports,
        checks_makers=True,
    ),
    "reopen": Transition(
        "reopen",
        frozenset({ReportStatus.VALIDATED}),
        ReportStatus.REOPENED,
        can_review_reports,
        comment_required=True,
    ),
}


@transaction.atomic
def campaigns_create_year(*, year: int, user: Any) -> list[ReportingCampaign]:
    """The twelve monthly campaigns of a year (audited); existing ones are kept as they are."""
    if not can_manage_campaigns(user):
        raise NotAllowed(_("Seule l'administration nationale crée les campagnes."))
    created = []
    for month in range(1, 13):
        campaign = ReportingCampaign.monthly(year, month)
        if not ReportingCampaign.objects.filter(period_start=campaign.period_start).exists():
            with audited_save(actor=user, instance=campaign):
                campaign.save()
            created.append(campaign)
    return created


def check_campaign_open(campaign: ReportingCampaign) -> None:
    """Reports are filed (created, submitted) only for a campaign that has opened."""
    if not campaign.accepts_reports():
        raise CampaignNotOpen(
            _("La campagne %(label)s n'est pas encore ouverte : saisie possible à partir du %(d)s.")
            % {"label": campaign.label, "d": campaign.opens_at.strftime("%d/%m/%Y")}
        )


def check_not_maker(report: ActivityReport, user: Any) -> None:
    """Maker-checker: whoever wrote or submitted a version of the report does not review it."""
    if user.pk in report.maker_ids():
        raise SeparationOfDuties(
            _(
                "Vous avez saisi ou transmis ce rapport : un autre agent de l'ARS doit le "
                "renvoyer ou le valider."
            )
        )


def report_create(
    *, site: Site, campaign: ReportingCampaign, user: Any, values: Mapping[str, Any] | None = None
) -> ActivityReport:
    if not can_file_report(user, site):
        raise NotAllowed(_("Seule la coordination de la maison saisit ses rapports."))
    check_campaign_open(campaign)
    report = ActivityReport(site=site, campaign=campaign)
    _check_form_version(report, values or {})
    for name, value in (values or {}).items():
        if name in (*FIELD_NAMES, "justification"):
            setattr(report, name, value)
    report._history_user = user  # type: ignore[attr-defined]
    try:
        with transaction.atomic(), audited_save(actor=user, instance=report):
            report.save()
    except IntegrityError as error:
        raise WrongState(_("Cette maison a déjà un rapport pour cette campagne.")) from error
    return report


def _lock(report: ActivityReport, version: int | None) -> ActivityReport:
    locked = (
        ActivityReport.objects.select_for_update()
        .select_related("site__department", "campaign")
        .get(pk=report.pk)
    )
    if version is not None and locked.version != version:
        raise VersionConflict(
            _(
                "Le rapport a été modifié entre-temps (version %(current)s, vous aviez la "
                "version %(yours)s). Rechargez la page : vos saisies sont conservées ci-dessous."
            )
            % {"current": locked.version, "yours": version}
        )
    return locked


def report_save(
    *, report: ActivityReport, user: Any, values: Mapping[str, Any], version: int | None
) -> tuple[ActivityReport, list[Violation]]:
    """Save the figures of a draft (errors allowed); returns the report and its violations."""
    if not can_file_report(user, report.site):
        raise NotAllowed(_("Seule la coordination de la maison modifie ce rapport."))
    with transaction.atomic():
        locked = _lock(report, version)
        if not locked.is_editable:
            raise WrongState(
                _("Un rapport %(status)s ne peut pas être modifié.")
                % {"status": locked.get_status_display()}
            )
        _check_form_version(locked, values)
        before = audit_snapshot(locked)
        for name, value in values.items():
            if name in (*FIELD_NAMES, "justification"):
                setattr(locked, name, value)
        locked.version += 1
        locked._history_user = user  # type: ignore[attr-defined]
        locked.save()
        _audit_update(locked, user, before)
    return locked, locked.violations()


def _check_form_version(report: ActivityReport, values: Mapping[str, Any]) -> None:
    """A report keeps the fields of its campaign's form version: a figure of a later version
    is refused (with a French message naming it), never stored half-way."""
    foreign = [
        name
        for name, value in values.items()
        if name in FIELD_NAMES and name not in report.field_names and value is not None
    ]
    if foreign:
        labels = ", ".join(str(FIELDS_BY_NAME[name].label) for name in foreign)
        raise FieldNotInForm(
            _("Ce rapport suit la version %(version)s du formulaire, sans ces champs : %(labels)s.")
            % {"version": report.form_version, "labels": labels}
        )


def _audit_update(report: ActivityReport, user: Any, before: dict[str, Any]) -> None:
    audit_record(
        actor=user,
        instance=report,
        action=AuditAction.UPDATE,
        changes=audit_changes(before, audit_snapshot(report)),
    )


def _check_content(report: ActivityReport, comment: str) -> None:
    violations = report.violations(complete=True)
    if errors(violations):
        raise RulesFailed(
            _("Le rapport contient des erreurs : corrigez-les avant de le transmettre."),
            violations,
        )
    if warnings(violations) and not (comment or report.justification).strip():
        raise RulesFailed(
            _("Le rapport comporte des alertes : justifiez-les dans un commentaire."), violations
        )


def transition(
    *, report: ActivityReport, user: Any, name: str, comment: str = "", version: int | None = None
) -> ActivityReport:
    step = TRANSITIONS[name]
    if not step.allowed(user, report.site):
        raise NotAllowed(_("Vous ne pouvez pas effectuer cette action sur ce rapport."))
    comment = (comment or "").strip()
    with transaction.atomic():
        locked = _lock(report, version)
        if locked.status not in step.sources:
            raise WrongState(
                _("Action impossible : le rapport est %(status)s.")
                % {"status": locked.get_status_display()}
            )
        if step.checks_makers:
            check_not_maker(locked, user)
        if step.comment_required and not comment:
            raise CommentRequired(_("Un commentaire est obligatoire pour cette action."))
        before = audit_snapshot(locked)
        if name == "submit":
            check_campaign_open(locked.campaign)
            _check_content(locked, comment)
            if comment and not locked.justification:
                locked.justification = comment
        _apply(locked, step, user, comment)
        _audit_update(locked, user, before)  # the status change, with the comment-justification
    return locked


def _apply(report: ActivityReport, step: Transition, user: Any, comment: str) -> None:
    from masp.activity.tasks import notify_transition  # tasks import services: import late

    previous = report.status
    report.status = step.target
    report.version += 1
    now = timezone.now()
    if step.target == ReportStatus.SUBMITTED and previous == ReportStatus.DRAFT:
        report.submitted_at = now
    if step.target == ReportStatus.VALIDATED:
        report.validated_at = now
    report._history_user = user  # type: ignore[attr-defined]
    report.save()
    logged = ReportTransition.objects.create(
        report=report, from_status=previous, to_status=step.target, by=user, at=now, comment=comment
    )
    if step.target in (ReportStatus.RETURNED, ReportStatus.VALIDATED):
        # robust: a mail server down must not turn a committed transition into an error page.
        transaction.on_commit(lambda: notify_transition.delay(logged.pk), robust=True)


def report_submit(*, report: ActivityReport, user: Any, comment: str = "") -> ActivityReport:
    return transition(report=report, user=user, name="submit", comment=comment)


def report_return(*, report: ActivityReport, user: Any, comment: str) -> ActivityReport:
    return transition(report=report, user=user, name="return", comment=comment)


def report_validate(
    *, report: ActivityReport, user: Any, comment: str = "", version: int | None = None
) -> ActivityReport:
    return transition(report=report, user=user, name="validate", comment=comment, version=version)


def report_reopen(*, report: ActivityReport, user: Any, comment: str) -> ActivityReport:
    return transition(report=report, user=user, name="reopen", comment=comment)


def reports_validate_many(
    *, reports: Iterable[ActivityReport], user: Any, versions: Mapping[int, int]
) -> tuple[list[ActivityReport], list[tuple[ActivityReport, str]]]:
    """Bulk validation from the work queue: each report on its own, at the version the
    reviewer saw (`versions`, by report key: one without is skipped), failures reported."""
    done, failed = [], []
    for report in reports:
        if report.pk not in versions:
            failed.append((report, str(STALE_PAGE)))
            continue
        try:
            done.append(report_validate(report=report, user=user, version=versions[report.pk]))
        except VersionConflict:
            failed.append((report, str(STALE_PAGE)))
        except ReportError as error:
            failed.append((report, error.message))
    return done, failed
