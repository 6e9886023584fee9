"""API operations for cases and the work on them; the same services as the pages."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from lotse.api.common import ERRORS, acting_user, require
from lotse.cases import casework, queries, services
from lotse.cases.enums import ClosureReason, Phase
from lotse.core.catalogues import ContactForm, LifeDomain, NeedLevel
from lotse.people import queries as people_queries
from lotse.tenancy import queries as tenancy_queries

router = Router(tags=["cases"])


class CaseOut(Schema):
    id: uuid.UUID
    version: int
    reference: str
    person_id: uuid.UUID | None
    household_id: uuid.UUID | None
    owner: str
    site_id: uuid.UUID
    phase: str
    paused: bool
    opened_on: dt.date
    closed_on: dt.date | None
    closure_reason: str
    allowed_next_phases: list[str]

    @staticmethod
    def resolve_owner(obj: Any) -> str:
        return str(obj.owner.get_username())

    @staticmethod
    def resolve_allowed_next_phases(obj: Any) -> list[str]:
        return [phase.value for phase in services.allowed_next_phases(obj)]


class CaseIn(Schema):
    person_id: uuid.UUID | None = None
    household_id: uuid.UUID | None = None
    site_id: uuid.UUID
    note: str = ""


class TransitionIn(Schema):
    version: int
    to_phase: Phase
    note: str = ""
    closure_reason: ClosureReason | None = None
    outcome: str = ""


class AssessmentItemIO(Schema):
    life_domain: LifeDomain
    need: NeedLevel
    situation: str = ""
    resources: str = ""


class AssessmentOut(Schema):
    id: int
    assessed_on: dt.date
    items: list[AssessmentItemIO]

    @staticmethod
    def resolve_items(obj: Any) -> list[Any]:
        return list(obj.items.all())


class AssessmentIn(Schema):
    assessed_on: dt.date | None = None
    note: str = ""
    items: list[AssessmentItemIO]


class GoalOut(Schema):
    id: int
    version: int
    life_domain: str
    description: str
    target_date: dt.date
    status: str


class GoalIn(Schema):
    life_domain: LifeDomain
    description: str
    target_date: dt.date


class ContactOut(Schema):
    id: int
    contact_on: dt.date
    duration_minutes: int
    form: str
    interpreter_used: bool
    life_domains: list[str]
    note: str


class ContactIn(Schema):
    contact_on: dt.date
    duration_minutes: int
    form: ContactForm
    life_domains: list[LifeDomain] = []
    interpreter_used: bool = False
    interpreter_language: str = ""
    note: str = ""


class FollowUpOut(Schema):
    id: int
    due_on: dt.date
    note: str
    done_at: dt.datetime | None


class FollowUpIn(Schema):
    due_on: dt.date
    note: str


def _case(request: HttpRequest, case_id: uuid.UUID, *, change: bool = False) -> Any:
    case = queries.get_case_for(request.user, case_id)
    if change:
        require(request, "cases.change_case", case)
    return case


@router.get("/cases", response={200: list[CaseOut], **ERRORS})
@paginate(LimitOffsetPagination)
def list_cases(request: HttpRequest) -> Any:
    """Cases of the user's municipality (case managers)."""
    require(request, "cases.list_case")
    return queries.cases_for(request.user).order_by("-opened_on", "reference")


@router.get("/cases/{case_id}", response={200: CaseOut, **ERRORS})
def get_case(request: HttpRequest, case_id: uuid.UUID) -> Any:
    """One case. The read is audited."""
    case = _case(request, case_id)
    services.record_case_viewed(acting_user=acting_user(request), case=case)
    return case


@router.post("/cases", response={201: CaseOut, **ERRORS})
def open_case(request: HttpRequest, payload: CaseIn) -> Any:
    """Open a case for a person or a household; the caller becomes its case manager."""
    require(request, "cases.add_case")
    user = acting_user(request)
    person = people_queries.get_person_for(user, payload.person_id) if payload.person_id else None
    household = (
        people_queries.get_household_for(user, payload.household_id)
        if payload.household_id
        else None
    )
    site = tenancy_queries.get_site_for(user, payload.site_id)
    case = services.open_case(
        acting_user=user,
        owner=user,
        site=site,
        person=person,
        household=household,
        note=payload.note,
    )
    return Status(201, case)


@router.post("/cases/{case_id}/transitions", response={200: CaseOut, **ERRORS})
def transition(request: HttpRequest, case_id: uuid.UUID, payload: TransitionIn) -> Any:
    """Move a case to another phase. 400 for a move the state machine forbids, 409 for a
    stale version."""
    case = _case(request, case_id, change=True)
    return services.change_phase(
        acting_user=acting_user(request),
        case=case,
        to_phase=payload.to_phase,
        expected_version=payload.version,
        note=payload.note,
        closure_reason=payload.closure_reason or "",
        outcome=payload.outcome,
    )


@router.get("/cases/{case_id}/assessments", response={200: list[AssessmentOut], **ERRORS})
def list_assessments(request: HttpRequest, case_id: uuid.UUID) -> Any:
    """Assessments of a case, newest first."""
    return list(_case(request, case_id).assessments.prefetch_related("items"))


@router.post("/cases/{case_id}/assessments", response={201: AssessmentOut, **ERRORS})
def create_assessment(request: HttpRequest, case_id: uuid.UUID, payload: AssessmentIn) -> Any:
    """Record an assessment across life domains."""
    case = _case(request, case_id, change=True)
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
    return list(_case(request, case_id).goals.all())


@router.post("/cases/{case_id}/goals", response={201: GoalOut, **ERRORS})
def create_goal(request: HttpRequest, case_id: uuid.UUID, payload: GoalIn) -> Any:
    """Add a goal to the integration plan."""
    case = _case(request, case_id, change=True)
    return Status(
        201, casework.add_goal(acting_user=acting_user(request), case=case, **payload.dict())
    )


@router.get("/cases/{case_id}/contacts", response={200: list[ContactOut], **ERRORS})
def list_contacts(request: HttpRequest, case_id: uuid.UUID) -> Any:
    """Counselling contacts of a case, newest first."""
    return list(_case(request, case_id).contacts.all())


@router.post("/cases/{case_id}/contacts", response={201: ContactOut, **ERRORS})
def create_contact(request: HttpRequest, case_id: uuid.UUID, payload: ContactIn) -> Any:
    """Record a counselling contact."""
    case = _case(request, case_id, change=True)
    data = payload.dict()
    data["life_domains"] = [str(domain) for domain in data["life_domains"]]
    return Status(201, casework.record_contact(acting_user=acting_user(request), case=case, **data))


@router.get("/cases/{case_id}/follow-ups", response={200: list[FollowUpOut], **ERRORS})
def list_follow_ups(request: HttpRequest, case_id: uuid.UUID) -> Any:
    """Follow-ups of a case."""
    return list(_case(request, case_id).follow_ups.all())


@router.post("/cases/{case_id}/follow-ups", response={201: FollowUpOut, **ERRORS})
def create_follow_up(request: HttpRequest, case_id: uuid.UUID, payload: FollowUpIn) -> Any:
    """Set a follow-up for the case manager of the case."""
    case = _case(request, case_id, change=True)
    return Status(
        201, casework.add_follow_up(acting_user=acting_user(request), case=case, **payload.dict())
    )
