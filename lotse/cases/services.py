"""Every write to cases. The phase of a case changes only in ``change_phase``."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lotse.accounts.enums import Role
from lotse.audit import services as audit
from lotse.audit.events import EventType
from lotse.cases.enums import CaseEventKind, ClosureReason, Phase
from lotse.cases.models import Case, CaseEvent
from lotse.core.concurrency import save_versioned
from lotse.tenancy.models import Municipality

if TYPE_CHECKING:
    from lotse.accounts.models import User
    from lotse.people.models import Household, Person
    from lotse.tenancy.models import Site

# The state machine of case management. Closing is possible from every open phase;
# a closed case is reopened into assessment.
TRANSITIONS: dict[Phase, frozenset[Phase]] = {
    Phase.INTAKE: frozenset({Phase.ASSESSMENT, Phase.CLOSED}),
    Phase.ASSESSMENT: frozenset({Phase.PLANNING, Phase.CLOSED}),
    Phase.PLANNING: frozenset({Phase.IMPLEMENTATION, Phase.ASSESSMENT, Phase.CLOSED}),
    Phase.IMPLEMENTATION: frozenset({Phase.EVALUATION, Phase.PLANNING, Phase.CLOSED}),
    Phase.EVALUATION: frozenset({Phase.IMPLEMENTATION, Phase.PLANNING, Phase.CLOSED}),
    Phase.CLOSED: frozenset({Phase.ASSESSMENT}),
}


class TransitionError(ValidationError):
    """A phase change the state machine does not allow, with a message saying why."""


def allowed_next_phases(case: Case) -> list[Phase]:
    if case.paused:
        return []
    order = list(Phase)
    return sorted(TRANSITIONS[Phase(case.phase)], key=order.index)


def _next_reference(municipality: Municipality, year: int) -> str:
    # Locking the municipality row serialises numbering on PostgreSQL; SQLite serialises
    # all writers anyway.
    Municipality.objects.select_for_update().filter(pk=municipality.pk).exists()
    prefix = f"{municipality.slug[:3].upper()}-{year}-"
    count = Case.objects.filter(municipality=municipality, reference__startswith=prefix).count()
    return f"{prefix}{count + 1:05d}"


def _check_owner(owner: User, site: Site, municipality: Municipality) -> None:
    membership = owner.membership_or_none
    if membership is None or membership.role != Role.CASE_MANAGER:
        raise ValidationError({"owner": _("Only a case manager can own a case.")})
    if membership.municipality_id != municipality.pk or site.municipality_id != municipality.pk:
        raise ValidationError({"owner": _("Case manager and site must be of this municipality.")})


@transaction.atomic
def open_case(
    *,
    acting_user: User,
    owner: User,
    site: Site,
    person: Person | None = None,
    household: Household | None = None,
    opened_on: dt.date | None = None,
    note: str = "",
) -> Case:
    """Open a case for a person or a household, in phase intake.

    Side effects: the Case, its first CaseEvent, one audit entry.
    """
    if (person is None) == (household is None):
        raise ValidationError(_("A case is opened for a person or for a household."))
    subject = person or household
    assert subject is not None  # noqa: S101  (narrowing for the type checker)
    municipality = subject.municipality
    _check_owner(owner, site, municipality)
    today = opened_on or dt.date.today()  # noqa: DTZ011
    case = Case(
        municipality=municipality,
        reference=_next_reference(municipality, today.year),
        person=person,
        household=household,
        owner=owner,
        site=site,
        opened_on=today,
    )
    case.full_clean()
    case.save()
    CaseEvent.objects.create(
        case=case, kind=CaseEventKind.OPENED, to_phase=Phase.INTAKE, note=note, actor=acting_user
    )
    audit.record(
        EventType.CASE_OPENED,
        actor=acting_user,
        municipality=municipality,
        target=case,
        after={"reference": case.reference, "owner": owner.pk, "site": site.pk},
    )
    return case


@transaction.atomic
def change_phase(
    *,
    acting_user: User,
    case: Case,
    to_phase: Phase,
    expected_version: int,
    note: str = "",
    closure_reason: ClosureReason | str = "",
    outcome: str = "",
) -> Case:
    """Move a case to another phase, if the state machine allows it.

    Closing needs a reason; reopening a closed case needs a note saying why. Side effects:
    the case update, one CaseEvent, one audit entry. Raises TransitionError for a move the
    state machine forbids and ConflictError if the case changed meanwhile.
    """
    from_phase = Phase(case.phase)
    to_phase = Phase(to_phase)
    if case.paused:
        raise TransitionError(_("The case is paused. Resume it before changing its phase."))
    if to_phase not in TRANSITIONS[from_phase]:
        allowed = ", ".join(str(p.label) for p in allowed_next_phases(case))
        raise TransitionError(
            _("A case in phase “%(from)s” cannot move to “%(to)s”. Possible next: %(allowed)s.")
            % {"from": from_phase.label, "to": to_phase.label, "allowed": allowed}
        )
    changes: dict[str, object] = {"phase": to_phase}
    kind = CaseEventKind.PHASE_CHANGED
    if to_phase == Phase.CLOSED:
        if closure_reason not in ClosureReason.values:
            raise TransitionError(_("Please give the reason for closing the case."))
        changes |= {
            "closure_reason": closure_reason,
            "outcome": outcome,
            "closed_on": dt.date.today(),  # noqa: DTZ011
        }
        kind = CaseEventKind.CLOSED
    elif from_phase == Phase.CLOSED:
        if not note.strip():
            raise TransitionError(_("Please say why the case is reopened."))
        changes |= {"closure_reason": "", "outcome": "", "closed_on": None}
        kind = CaseEventKind.REOPENED
    save_versioned(case, expected_version=expected_version, changes=changes)
    CaseEvent.objects.create(
        case=case,
        kind=kind,
        from_phase=from_phase,
        to_phase=to_phase,
        note=note,
        actor=acting_user,
    )
    audit.record(
        EventType.CASE_PHASE_CHANGED,
        actor=acting_user,
        municipality=case.municipality,
        target=case,
        before={"phase": from_phase},
        after={"phase": to_phase, "closure_reason": closure_reason},
    )
    return case


@transaction.atomic
def set_case_paused(
    *, acting_user: User, case: Case, paused: bool, reason: str, expected_version: int
) -> Case:
    """Pause or resume a case, with a reason. Side effects: update, CaseEvent, audit entry."""
    if case.phase == Phase.CLOSED:
        raise TransitionError(_("A closed case cannot be paused."))
    if paused == case.paused:
        raise TransitionError(
            _("The case is already paused.") if paused else _("The case is not paused.")
        )
    if not reason.strip():
        raise TransitionError(_("Please give a reason."))
    save_versioned(case, expected_version=expected_version, changes={"paused": paused})
    CaseEvent.objects.create(
        case=case,
        kind=CaseEventKind.PAUSED if paused else CaseEventKind.RESUMED,
        note=reason,
        actor=acting_user,
    )
    audit.record(
        EventType.CASE_PAUSED,
        actor=acting_user,
        municipality=case.municipality,
        target=case,
        before={"paused": not paused},
        after={"paused": paused},
    )
    return case


@transaction.atomic
def transfer_case(
    *,
    acting_user: User,
    case: Case,
    to_owner: User,
    to_site: Site,
    handover_note: str,
    expected_version: int,
) -> Case:
    """Hand a case to another case manager or site, with a note both of them see.

    Side effects: the case update, a TRANSFERRED CaseEvent carrying the note, one audit entry.
    """
    if case.phase == Phase.CLOSED:
        raise TransitionError(_("A closed case cannot be transferred."))
    if not handover_note.strip():
        raise TransitionError(_("Please write a handover note for the new case manager."))
    _check_owner(to_owner, to_site, case.municipality)
    if to_owner.pk == case.owner_id and to_site.pk == case.site_id:
        raise TransitionError(_("The case is already with this case manager at this site."))
    from_owner_id = case.owner_id
    before = {"owner": case.owner_id, "site": case.site_id}
    save_versioned(
        case, expected_version=expected_version, changes={"owner": to_owner, "site": to_site}
    )
    CaseEvent.objects.create(
        case=case,
        kind=CaseEventKind.TRANSFERRED,
        note=handover_note,
        actor=acting_user,
        from_owner_id=from_owner_id,
        to_owner=to_owner,
    )
    audit.record(
        EventType.CASE_TRANSFERRED,
        actor=acting_user,
        municipality=case.municipality,
        target=case,
        before=before,
        after={"owner": to_owner.pk, "site": to_site.pk},
    )
    return case


@transaction.atomic
def record_case_viewed(*, acting_user: User, case: Case) -> None:
    """Note that a user opened a case (it shows a person's data). Side effect: audit entry."""
    audit.record(
        EventType.CASE_VIEWED, actor=acting_user, municipality=case.municipality, target=case
    )


def record_persons_merged(
    *, actor: User, person: Person, merged_label: str, left_household: Any = None
) -> None:
    """Explain a merge of two person records in the history of each of the person's cases,
    and of each case of the household the merged record lived in (``left_household``, its
    pk) where the person does not live: that household lost a member, perhaps its only one.
    Part of ``people.services.merge_persons``, which writes the audit entry."""
    note = _(
        "The record %(other)s was merged into this person's record: it was the same person. "
        "Its cases, consents and referrals now belong to this person."
    ) % {"other": merged_label}
    events = [
        CaseEvent(case=case, kind=CaseEventKind.MERGED, note=note, actor=actor)
        for case in Case.objects.filter(person=person)
    ]
    if left_household is not None and left_household != person.household_id:
        names = {"other": merged_label, "person": person, "household": person.household}
        if person.household is None:
            moved = (
                _(
                    "The record %(other)s, a member of this household, was merged into the record"
                    " of %(person)s, the same person, who belongs to no household. The person is"
                    " no longer a member of this household."
                )
                % names
            )
        else:
            moved = (
                _(
                    "The record %(other)s, a member of this household, was merged into the record"
                    " of %(person)s, the same person, who lives in another household"
                    " (%(household)s). The person is no longer a member of this household."
                )
                % names
            )
        events += [
            CaseEvent(case=case, kind=CaseEventKind.MERGED, note=moved, actor=actor)
            for case in Case.objects.filter(household_id=left_household)
        ]
    CaseEvent.objects.bulk_create(events)
