"""Every write to clearing cases. Each function runs in one transaction and writes its
audit entry in it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.accounts.enums import Role
from lotse.audit import services as audit
from lotse.audit.events import EventType
from lotse.clearing.enums import ClearingStatus, StepKind, StepResult
from lotse.clearing.models import ClearingCase, ClearingStep
from lotse.core.catalogues import InsuranceStatus
from lotse.core.concurrency import save_versioned
from lotse.people import services as people_services

if TYPE_CHECKING:
    from lotse.accounts.models import User
    from lotse.cases.models import Case
    from lotse.people.models import Person
    from lotse.tenancy.models import Municipality

# The person's insurance history knows more statuses than the clearing office's four; the
# end of a clearing is written there in the nearest one.
PERSON_STATUS = {
    ClearingStatus.INSURED_GERMANY: InsuranceStatus.STATUTORY,
    ClearingStatus.INSURED_ABROAD: InsuranceStatus.ABROAD,
    ClearingStatus.NOT_INSURED: InsuranceStatus.NOT_INSURED,
    ClearingStatus.UNCLEAR: InsuranceStatus.UNCLEAR,
}
# Statuses in the person's history that already say what a clearing end status says.
SAME_AS = {
    ClearingStatus.INSURED_GERMANY: {
        InsuranceStatus.STATUTORY,
        InsuranceStatus.PRIVATE,
        InsuranceStatus.WELFARE_BODY,
        InsuranceStatus.ASYLUM_BENEFITS,
    },
    ClearingStatus.INSURED_ABROAD: {InsuranceStatus.ABROAD},
    ClearingStatus.NOT_INSURED: {InsuranceStatus.NOT_INSURED},
    ClearingStatus.UNCLEAR: {InsuranceStatus.UNCLEAR},
}
AUDITED_FIELDS = ("status_at_start", "opened_on", "case", "counsellor", "outcome")


def _today() -> dt.date:
    return timezone.localdate()


def _check_counsellor(counsellor: User, municipality: Municipality) -> None:
    membership = counsellor.membership_or_none
    if (
        membership is None
        or membership.role != Role.CLEARING_COUNSELLOR
        or membership.municipality_id != municipality.pk
    ):
        raise ValidationError(
            {"counsellor": _("Only a clearing counsellor of this municipality can work it.")}
        )


def _check_kim_case(case: Case | None, person: Person) -> None:
    if case is None:
        return
    same_person = case.person_id == person.pk
    same_household = case.household_id is not None and case.household_id == person.household_id
    if case.municipality_id != person.municipality_id or not (same_person or same_household):
        raise ValidationError(
            {"case": _("The KIM case must be one of this person or their household.")}
        )


def _check_not_future(field: str, day: dt.date) -> None:
    if day > _today():
        raise ValidationError({field: _("The date lies in the future.")})


@transaction.atomic
def open_clearing_case(
    *,
    acting_user: User,
    person: Person,
    status_at_start: ClearingStatus | str,
    opened_on: dt.date | None = None,
    counsellor: User | None = None,
    case: Case | None = None,
) -> ClearingCase:
    """Open a clearing case for a person; the counsellor defaults to the acting user.

    Side effects: the ClearingCase, one audit entry (CLEARING_CASE_OPENED).
    """
    counsellor = counsellor or acting_user
    municipality = person.municipality
    _check_counsellor(counsellor, municipality)
    _check_kim_case(case, person)
    opened_on = opened_on or _today()
    _check_not_future("opened_on", opened_on)
    clearing = ClearingCase(
        municipality=municipality,
        person=person,
        case=case,
        counsellor=counsellor,
        opened_on=opened_on,
        status_at_start=status_at_start,
    )
    clearing.full_clean()
    clearing.save()
    audit.record(
        EventType.CLEARING_CASE_OPENED,
        actor=acting_user,
        municipality=municipality,
        target=clearing,
        after=audit.snapshot(clearing, fields=("person", *AUDITED_FIELDS)),
    )
    return clearing


@transaction.atomic
def update_clearing_case(
    *, acting_user: User, clearing_case: ClearingCase, expected_version: int, **changes: Any
) -> ClearingCase:
    """Change the start status, opening date, KIM case, counsellor or outcome note.

    Side effects: the update (version bumped), one audit entry (CLEARING_CASE_UPDATED) with
    the changed fields. Raises ConflictError if the case changed meanwhile.
    """
    unknown = set(changes) - set(AUDITED_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    if "counsellor" in changes:
        _check_counsellor(changes["counsellor"], clearing_case.municipality)
    if "case" in changes:
        _check_kim_case(changes["case"], clearing_case.person)
    opened_on = changes.get("opened_on", clearing_case.opened_on)
    _check_not_future("opened_on", opened_on)
    if clearing_case.closed_on and opened_on > clearing_case.closed_on:
        raise ValidationError({"opened_on": _("The case was closed before this date.")})
    if "opened_on" in changes and clearing_case.steps.filter(taken_on__lt=opened_on).exists():
        raise ValidationError({"opened_on": _("A step was taken before this date.")})
    if changes.get("status_at_start", ClearingStatus.UNCLEAR) not in ClearingStatus.values:
        raise ValidationError({"status_at_start": _("Unknown insurance status.")})
    before = audit.snapshot(clearing_case, fields=AUDITED_FIELDS)
    save_versioned(clearing_case, expected_version=expected_version, changes=changes)
    audit.record(
        EventType.CLEARING_CASE_UPDATED,
        actor=acting_user,
        municipality=clearing_case.municipality,
        target=clearing_case,
        before=before,
        after=audit.snapshot(clearing_case, fields=AUDITED_FIELDS),
    )
    return clearing_case


@transaction.atomic
def record_clearing_step(
    *,
    acting_user: User,
    clearing_case: ClearingCase,
    kind: StepKind | str,
    taken_on: dt.date,
    result: StepResult | str = StepResult.PENDING,
    note: str = "",
) -> ClearingStep:
    """Record a step taken in an open clearing case.

    Side effects: the ClearingStep, one audit entry (CLEARING_STEP_RECORDED).
    """
    if not clearing_case.is_open:
        raise ValidationError(_("The clearing case is closed; no more steps can be recorded."))
    _check_not_future("taken_on", taken_on)
    if taken_on < clearing_case.opened_on:
        raise ValidationError({"taken_on": _("The date lies before the case was opened.")})
    step = ClearingStep(
        case=clearing_case,
        kind=kind,
        taken_on=taken_on,
        result=result,
        note=note,
        recorded_by=acting_user,
    )
    step.full_clean()
    step.save()
    audit.record(
        EventType.CLEARING_STEP_RECORDED,
        actor=acting_user,
        municipality=clearing_case.municipality,
        target=clearing_case,
        after=audit.snapshot(step, fields=("kind", "taken_on", "result")),
    )
    return step


@transaction.atomic
def close_clearing_case(
    *,
    acting_user: User,
    clearing_case: ClearingCase,
    status_at_end: ClearingStatus | str,
    expected_version: int,
    closed_on: dt.date | None = None,
    outcome: str = "",
    update_person: bool = True,
) -> ClearingCase:
    """Close a clearing case with the insurance status reached.

    Side effects: the update (version bumped); unless ``update_person`` is false, a new
    record in the person's insurance history when the end status differs from the current
    one (through ``people.services.set_insurance_status``, with its own audit entry); one
    audit entry (CLEARING_CASE_CLOSED). Raises ConflictError if the case changed meanwhile.
    """
    if not clearing_case.is_open:
        raise ValidationError(_("The clearing case is already closed."))
    if status_at_end not in ClearingStatus.values:
        raise ValidationError({"status_at_end": _("Please give the insurance status reached.")})
    closed_on = closed_on or _today()
    _check_not_future("closed_on", closed_on)
    if closed_on < clearing_case.opened_on:
        raise ValidationError({"closed_on": _("The date lies before the case was opened.")})
    save_versioned(
        clearing_case,
        expected_version=expected_version,
        changes={"closed_on": closed_on, "status_at_end": status_at_end, "outcome": outcome},
    )
    end = ClearingStatus(status_at_end)
    if update_person:
        person = clearing_case.person
        current = person.insurance_history.filter(valid_until__isnull=True).first()
        if current is None or current.status not in SAME_AS[end]:
            people_services.set_insurance_status(
                acting_user=acting_user,
                person=person,
                status=PERSON_STATUS[end],
                valid_from=max(closed_on, current.valid_from) if current else closed_on,
            )
    audit.record(
        EventType.CLEARING_CASE_CLOSED,
        actor=acting_user,
        municipality=clearing_case.municipality,
        target=clearing_case,
        before={"closed_on": None, "status_at_end": ""},
        after={"closed_on": closed_on, "status_at_end": end.value},
    )
    return clearing_case


@transaction.atomic
def record_clearing_case_viewed(*, acting_user: User, clearing_case: ClearingCase) -> None:
    """Note that a user opened a clearing case (health data, GDPR Art. 9).

    Side effect: one audit entry (CLEARING_CASE_VIEWED).
    """
    audit.record(
        EventType.CLEARING_CASE_VIEWED,
        actor=acting_user,
        municipality=clearing_case.municipality,
        target=clearing_case,
    )


@transaction.atomic
def record_statistics_viewed(
    *,
    acting_user: User,
    municipality: Municipality,
    date_from: dt.date,
    date_to: dt.date,
    table: str = "",
    fmt: str = "",
) -> None:
    """Note that the clearing figures were shown or, with ``table`` and ``fmt``, downloaded.

    Side effect: one audit entry (CLEARING_STATISTICS_VIEWED or _EXPORTED).
    """
    context: dict[str, Any] = {"from": date_from, "to": date_to}
    if table:
        context |= {"table": table, "format": fmt}
    audit.record(
        EventType.CLEARING_STATISTICS_EXPORTED if table else EventType.CLEARING_STATISTICS_VIEWED,
        actor=acting_user,
        municipality=municipality,
        context=context,
    )
