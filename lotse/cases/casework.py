"""Every write to the work on a case: assessments, goals and measures, contacts, follow-ups.

Each function writes its audit entry in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.audit import services as audit
from lotse.audit.events import EventType
from lotse.cases.enums import GoalStatus, Phase, Responsible
from lotse.cases.models import (
    Assessment,
    AssessmentItem,
    Case,
    Contact,
    FollowUp,
    Goal,
    Measure,
)
from lotse.core.catalogues import LifeDomain, NeedLevel
from lotse.core.concurrency import save_versioned

if TYPE_CHECKING:
    from lotse.accounts.models import User
    from lotse.tenancy.models import Organisation


def _today() -> dt.date:
    return timezone.localdate()


def _open(case: Case) -> None:
    if case.phase == Phase.CLOSED:
        raise ValidationError(_("The case is closed. Reopen it to continue working on it."))


@dataclass(frozen=True)
class DomainAssessment:
    life_domain: LifeDomain | str
    need: NeedLevel | str
    situation: str = ""
    resources: str = ""


@transaction.atomic
def record_assessment(
    *,
    acting_user: User,
    case: Case,
    items: Iterable[DomainAssessment],
    assessed_on: dt.date | None = None,
    note: str = "",
) -> Assessment:
    """Record an assessment across life domains; earlier ones stay as history.

    Side effects: one Assessment with its items, one audit entry (need levels only: the
    free text stays out of the trail).
    """
    _open(case)
    items = list(items)
    if not items:
        raise ValidationError(_("Assess at least one life domain."))
    domains = [str(item.life_domain) for item in items]
    if len(set(domains)) != len(domains):
        raise ValidationError(_("Each life domain can be assessed once per assessment."))
    assessed_on = assessed_on or _today()
    if assessed_on > _today():
        raise ValidationError(_("An assessment cannot lie in the future."))
    assessment = Assessment(case=case, assessed_on=assessed_on, assessed_by=acting_user, note=note)
    assessment.full_clean()
    assessment.save()
    for item in items:
        row = AssessmentItem(
            assessment=assessment,
            life_domain=item.life_domain,
            need=item.need,
            situation=item.situation,
            resources=item.resources,
        )
        row.full_clean()
        row.save()
    audit.record(
        EventType.ASSESSMENT_RECORDED,
        actor=acting_user,
        municipality=case.municipality,
        target=case,
        after={"needs": {str(i.life_domain): str(i.need) for i in items}},
    )
    return assessment


@transaction.atomic
def add_goal(
    *,
    acting_user: User,
    case: Case,
    life_domain: LifeDomain | str,
    description: str,
    target_date: dt.date,
) -> Goal:
    """Add a goal to the integration plan. Side effects: one Goal, one audit entry."""
    _open(case)
    if target_date < _today():
        raise ValidationError({"target_date": _("The target date of a new goal lies in the past.")})
    goal = Goal(
        case=case, life_domain=life_domain, description=description, target_date=target_date
    )
    goal.full_clean()
    goal.save()
    audit.record(
        EventType.GOAL_ADDED,
        actor=acting_user,
        municipality=case.municipality,
        target=goal,
        after={"life_domain": str(life_domain), "target_date": target_date},
    )
    return goal


@transaction.atomic
def set_goal_status(
    *, acting_user: User, goal: Goal, status: GoalStatus | str, expected_version: int
) -> Goal:
    """Change the status of a goal. Side effects: update, one audit entry."""
    if status not in GoalStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    before = goal.status
    save_versioned(goal, expected_version=expected_version, changes={"status": status})
    audit.record(
        EventType.GOAL_STATUS_SET,
        actor=acting_user,
        municipality=goal.case.municipality,
        target=goal,
        before={"status": before},
        after={"status": status},
    )
    return goal


@transaction.atomic
def add_measure(
    *,
    acting_user: User,
    goal: Goal,
    description: str,
    responsible: Responsible | str,
    organisation: Organisation | None = None,
    due_date: dt.date | None = None,
) -> Measure:
    """Add a measure to a goal, with who is responsible. Side effects: row, audit entry."""
    _open(goal.case)
    if organisation is not None and organisation.municipality_id != goal.case.municipality_id:
        raise ValidationError(
            {"organisation": _("The organisation belongs to another municipality.")}
        )
    if due_date is not None and due_date < _today():
        raise ValidationError({"due_date": _("The due date lies in the past.")})
    measure = Measure(
        goal=goal,
        description=description,
        responsible=responsible,
        organisation=organisation,
        due_date=due_date,
    )
    measure.full_clean()
    measure.save()
    audit.record(
        EventType.MEASURE_ADDED,
        actor=acting_user,
        municipality=goal.case.municipality,
        target=measure,
        after={"responsible": str(responsible), "due_date": due_date},
    )
    return measure


@transaction.atomic
def set_measure_done(*, acting_user: User, measure: Measure, done: bool) -> Measure:
    """Mark a measure done or open again. Side effects: update, one audit entry."""
    before = measure.done
    measure.done = done
    measure.save(update_fields=["done"])
    audit.record(
        EventType.MEASURE_DONE_SET,
        actor=acting_user,
        municipality=measure.goal.case.municipality,
        target=measure,
        before={"done": before},
        after={"done": done},
    )
    return measure


@transaction.atomic
def record_contact(
    *,
    acting_user: User,
    case: Case,
    contact_on: dt.date,
    duration_minutes: int,
    form: str,
    life_domains: Iterable[str] = (),
    interpreter_used: bool = False,
    interpreter_language: str = "",
    note: str = "",
) -> Contact:
    """Record a counselling contact. Side effects: one Contact, one audit entry (no note)."""
    _open(case)
    if contact_on > _today():
        raise ValidationError({"contact_on": _("A contact cannot lie in the future.")})
    contact = Contact(
        case=case,
        contact_on=contact_on,
        duration_minutes=duration_minutes,
        form=form,
        life_domains=sorted(set(life_domains)),
        interpreter_used=interpreter_used,
        interpreter_language=interpreter_language,
        note=note,
        recorded_by=acting_user,
    )
    contact.full_clean()
    contact.save()
    audit.record(
        EventType.CONTACT_RECORDED,
        actor=acting_user,
        municipality=case.municipality,
        target=contact,
        after={"contact_on": contact_on, "form": form, "duration_minutes": duration_minutes},
    )
    return contact


@transaction.atomic
def add_follow_up(
    *, acting_user: User, case: Case, due_on: dt.date, note: str, owner: User | None = None
) -> FollowUp:
    """Set a dated reminder on a case, for its case manager unless named otherwise.

    Side effects: one FollowUp, one audit entry.
    """
    _open(case)
    if due_on < _today():
        raise ValidationError({"due_on": _("The due date lies in the past.")})
    follow_up = FollowUp(case=case, owner=owner or case.owner, due_on=due_on, note=note)
    follow_up.full_clean()
    follow_up.save()
    audit.record(
        EventType.FOLLOW_UP_ADDED,
        actor=acting_user,
        municipality=case.municipality,
        target=follow_up,
        after={"due_on": due_on, "owner": follow_up.owner_id},
    )
    return follow_up


@transaction.atomic
def complete_follow_up(*, acting_user: User, follow_up: FollowUp) -> FollowUp:
    """Mark a follow-up done. Side effects: done_at set, one audit entry."""
    if follow_up.done_at is None:
        follow_up.done_at = timezone.now()
        follow_up.save(update_fields=["done_at"])
        audit.record(
            EventType.FOLLOW_UP_DONE,
            actor=acting_user,
            municipality=follow_up.case.municipality,
            target=follow_up,
            after={"done_at": follow_up.done_at},
        )
    return follow_up


def need_change(case: Case) -> list[dict[str, Any]]:
    """Need per life domain in the first and the latest assessment: the measured outcome."""
    assessments = list(case.assessments.prefetch_related("items").order_by("assessed_on", "id"))
    if not assessments:
        return []
    first: Mapping[str, str] = {i.life_domain: i.need for i in assessments[0].items.all()}
    latest: Mapping[str, str] = {i.life_domain: i.need for i in assessments[-1].items.all()}
    order = list(NeedLevel.values)
    rows = []
    for domain in LifeDomain:
        if domain.value not in first and domain.value not in latest:
            continue
        before, after = first.get(domain.value), latest.get(domain.value)
        trend = 0
        if before and after:
            trend = order.index(after) - order.index(before)
        rows.append(
            {
                "domain": domain,
                "first": NeedLevel(before).label if before else "",
                "latest": NeedLevel(after).label if after else "",
                "trend": trend,
            }
        )
    return rows
