"""API operations for the work on a case: assessments, the integration plan with its goals
and measures, contacts and follow-ups. The same services as the pages."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status

from lotse.api.cases import case_for
from lotse.api.common import CONFLICTS, ERRORS, Day, acting_user
from lotse.cases import casework
from lotse.cases.enums import GoalStatus, Responsible
from lotse.cases.models import FollowUp, Goal, Measure
from lotse.core.catalogues import ContactForm, LifeDomain, NeedLevel
from lotse.tenancy import queries as tenancy_queries

router = Router(tags=["casework"])


class AssessmentItemIO(Schema):
    life_domain: LifeDomain
    need: NeedLevel
    situation: str = ""
    resources: str = ""


class AssessmentOut(Schema):
    id: int
    assessed_on: Day
    items: list[AssessmentItemIO]

    @staticmethod
    def resolve_items(obj: Any) -> list[Any]:
        return list(obj.items.all())


class AssessmentIn(Schema):
    assessed_on: Day | None = None
    note: str = ""
    items: list[AssessmentItemIO]


class MeasureOut(Schema):
    id: int
    goal_id: int
    description: str
    responsible: str
    organisation_id: uuid.UUID | None
    due_date: Day | None
    done: bool


class MeasureIn(Schema):
    description: str
    responsible: Responsible
    organisation_id: uuid.UUID | None = None
    due_date: Day | None = None


class MeasureDoneIn(Schema):
    done: bool


class GoalOut(Schema):
    id: int
    version: int
    life_domain: str
    description: str
    target_date: Day
    status: str
    measures: list[MeasureOut]

    @staticmethod
    def resolve_measures(obj: Any) -> list[Any]:
        return list(obj.measures.all())


class GoalStatusIn(Schema):
    version: int
    status: GoalStatus


class GoalIn(Schema):
    life_domain: LifeDomain
    description: str
    target_date: Day


class ContactOut(Schema):
    id: int
    contact_on: Day
    duration_minutes: int
    form: str
    interpreter_used: bool
    life_domains: list[str]
    note: str


class ContactIn(Schema):
    contact_on: Day
    duration_minutes: int
    form: ContactForm
    life_domains: list[LifeDomain] = []
    interpreter_used: bool = False
    interpreter_language: str = ""
    note: str = ""


class FollowUpOut(Schema):
    id: int
    due_on: Day
    note: str
    done_at: dt.datetime | None


class FollowUpIn(Schema):
    due_on: Day
    note: str


@router.get("/cases/{case_id}/assessments", response={200: list[AssessmentOut], **ERRORS})
def list_assessments(request: HttpRequest, case_id: uuid.UUID) -> Any:
    """Assessments of a case, newest first."""
    return list(case_for(request, case_id).assessments.prefetch_related("items"))


@router.post("/cases/{case_id}/assessments", response={201: AssessmentOut, **ERRORS})
def create_assessment(request: HttpRequest, case_id: uuid.UUID, payload: AssessmentIn) -> Any:
    """Record an assessment across life domains."""
    case = case_for(request, case_id, change=True)
    assessment = casework.record_assessment(
        acting_user=acting_user(request),
        case=case,
        assessed_on=payload.assessed_on,
        note=payload.note,
        items=[casework.DomainAssessment(**item.dict()) for item in payload.items],
    )
    return Status(201, assessment)


@router.get("/cases/{case_id}/goals", response={200: list[GoalOut], **ERRORS})
def list_goals(request: HttpRequest, case_id: uuid.UUID) -> Any:
    """Goals of the integration plan."""
    return list(case_for(request, case_id).goals.prefetch_related("measures"))


@router.post("/cases/{case_id}/goals", response={201: GoalOut, **ERRORS})
def create_goal(request: HttpRequest, case_id: uuid.UUID, payload: GoalIn) -> Any:
    """Add a goal to the integration plan."""
    case = case_for(request, case_id, change=True)
    return Status(
        201, casework.add_goal(acting_user=acting_user(request), case=case, **payload.dict())
    )


def _goal(case: Any, goal_id: int) -> Goal:
    try:
        return case.goals.get(pk=goal_id)
    except Goal.DoesNotExist as exc:
        raise Http404 from exc


@router.patch("/cases/{case_id}/goals/{goal_id}", response={200: GoalOut, **CONFLICTS})
def set_goal_status(
    request: HttpRequest, case_id: uuid.UUID, goal_id: int, payload: GoalStatusIn
) -> Any:
    """Change the status of a goal (reached, partly reached, ...). 409 for a stale version."""
    goal = _goal(case_for(request, case_id, change=True), goal_id)
    return casework.set_goal_status(
        acting_user=acting_user(request),
        goal=goal,
        status=payload.status,
        expected_version=payload.version,
    )


@router.post("/cases/{case_id}/goals/{goal_id}/measures", response={201: MeasureOut, **ERRORS})
def create_measure(
    request: HttpRequest, case_id: uuid.UUID, goal_id: int, payload: MeasureIn
) -> Any:
    """Add a measure to a goal: who is responsible (the person, the case manager or a named
    organisation of the municipality) and by when."""
    case = case_for(request, case_id, change=True)
    goal = _goal(case, goal_id)
    organisation = (
        tenancy_queries.get_organisation_for(request.user, payload.organisation_id)
        if payload.organisation_id
        else None
    )
    measure = casework.add_measure(
        acting_user=acting_user(request),
        goal=goal,
        description=payload.description,
        responsible=payload.responsible,
        organisation=organisation,
        due_date=payload.due_date,
    )
    return Status(201, measure)


@router.patch("/cases/{case_id}/measures/{measure_id}", response={200: MeasureOut, **ERRORS})
def set_measure_done(
    request: HttpRequest, case_id: uuid.UUID, measure_id: int, payload: MeasureDoneIn
) -> Any:
    """Mark a measure done, or open again."""
    case = case_for(request, case_id, change=True)
    try:
        measure = Measure.objects.select_related("goal__case").get(pk=measure_id, goal__case=case)
    except Measure.DoesNotExist as exc:
        raise Http404 from exc
    return casework.set_measure_done(
        acting_user=acting_user(request), measure=measure, done=payload.done
    )


@router.get("/cases/{case_id}/contacts", response={200: list[ContactOut], **ERRORS})
def list_contacts(request: HttpRequest, case_id: uuid.UUID) -> Any:
    """Counselling contacts of a case, newest first."""
    return list(case_for(request, case_id).contacts.all())


@router.post("/cases/{case_id}/contacts", response={201: ContactOut, **ERRORS})
def create_contact(request: HttpRequest, case_id: uuid.UUID, payload: ContactIn) -> Any:
    """Record a counselling contact."""
    case = case_for(request, case_id, change=True)
    data = payload.dict()
    data["life_domains"] = [str(domain) for domain in data["life_domains"]]
    return Status(201, casework.record_contact(acting_user=acting_user(request), case=case, **data))


@router.get("/cases/{case_id}/follow-ups", response={200: list[FollowUpOut], **ERRORS})
def list_follow_ups(request: HttpRequest, case_id: uuid.UUID) -> Any:
    """Follow-ups of a case."""
    return list(case_for(request, case_id).follow_ups.all())


@router.post("/cases/{case_id}/follow-ups", response={201: FollowUpOut, **ERRORS})
def create_follow_up(request: HttpRequest, case_id: uuid.UUID, payload: FollowUpIn) -> Any:
    """Set a follow-up for the case manager of the case."""
    case = case_for(request, case_id, change=True)
    return Status(
        201, casework.add_follow_up(acting_user=acting_user(request), case=case, **payload.dict())
    )


@router.post(
    "/cases/{case_id}/follow-ups/{follow_up_id}/done", response={200: FollowUpOut, **ERRORS}
)
def complete_follow_up(request: HttpRequest, case_id: uuid.UUID, follow_up_id: int) -> Any:
    """Mark a follow-up done (again: no change)."""
    case = case_for(request, case_id, change=True)
    try:
        follow_up = case.follow_ups.get(pk=follow_up_id)
    except FollowUp.DoesNotExist as exc:
        raise Http404 from exc
    return casework.complete_follow_up(acting_user=acting_user(request), follow_up=follow_up)
