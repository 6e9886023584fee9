"""API operations for cases: opening, phases, pause, transfer and the case history. The same
services as the pages."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from lotse.accounts.models import User
from lotse.api.audited import AuditedPage
from lotse.api.common import CONFLICTS, ERRORS, Day, acting_user, require
from lotse.cases import queries, services
from lotse.cases.enums import ClosureReason, Phase
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
    opened_on: Day
    closed_on: Day | None
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


class PauseIn(Schema):
    version: int
    paused: bool
    reason: str


class TransferIn(Schema):
    version: int
    to_owner: str
    to_site_id: uuid.UUID
    handover_note: str


class CaseEventOut(Schema):
    kind: str
    occurred_at: dt.datetime
    actor: str
    from_phase: str
    to_phase: str
    from_owner: str | None
    to_owner: str | None
    note: str

    @staticmethod
    def resolve_actor(obj: Any) -> str:
        return obj.actor.get_username() if obj.actor else ""

    @staticmethod
    def resolve_from_owner(obj: Any) -> str | None:
        return obj.from_owner.get_username() if obj.from_owner else None

    @staticmethod
    def resolve_to_owner(obj: Any) -> str | None:
        return obj.to_owner.get_username() if obj.to_owner else None


class TransitionIn(Schema):
    version: int
    to_phase: Phase
    note: str = ""
    closure_reason: ClosureReason | None = None
    outcome: str = ""


def case_for(request: HttpRequest, case_id: uuid.UUID, *, change: bool = False) -> Any:
    case = queries.get_case_for(request.user, case_id)
    if change:
        require(request, "cases.change_case", case)
    return case


@router.get("/cases", response={200: list[CaseOut], **ERRORS})
@paginate(AuditedPage, shown=queries.persons_shown, listing="cases")
def list_cases(request: HttpRequest) -> Any:
    """Cases of the user's municipality (case managers); at most 200 on a page."""
    require(request, "cases.list_case")
    return queries.with_persons_shown(
        queries.cases_for(request.user).order_by("-opened_on", "reference")
    )


@router.get("/cases/{case_id}", response={200: CaseOut, **ERRORS})
def get_case(request: HttpRequest, case_id: uuid.UUID) -> Any:
    """One case. The read is audited."""
    case = case_for(request, case_id)
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


@router.post("/cases/{case_id}/transitions", response={200: CaseOut, **CONFLICTS})
def transition(request: HttpRequest, case_id: uuid.UUID, payload: TransitionIn) -> Any:
    """Move a case to another phase. 400 for a move the state machine forbids, 409 for a
    stale version."""
    case = case_for(request, case_id, change=True)
    return services.change_phase(
        acting_user=acting_user(request),
        case=case,
        to_phase=payload.to_phase,
        expected_version=payload.version,
        note=payload.note,
        closure_reason=payload.closure_reason or "",
        outcome=payload.outcome,
    )


@router.post("/cases/{case_id}/pause", response={200: CaseOut, **CONFLICTS})
def pause(request: HttpRequest, case_id: uuid.UUID, payload: PauseIn) -> Any:
    """Pause (`paused: true`) or resume (`paused: false`) a case, with a reason."""
    case = case_for(request, case_id, change=True)
    return services.set_case_paused(
        acting_user=acting_user(request),
        case=case,
        paused=payload.paused,
        reason=payload.reason,
        expected_version=payload.version,
    )


@router.post("/cases/{case_id}/transfer", response={200: CaseOut, **CONFLICTS})
def transfer(request: HttpRequest, case_id: uuid.UUID, payload: TransferIn) -> Any:
    """Hand the case to another case manager (by username) and site, with a handover note
    that both see in the case history."""
    case = case_for(request, case_id, change=True)
    to_owner = User.objects.filter(
        username=payload.to_owner, membership__municipality_id=case.municipality_id
    ).first()
    if to_owner is None:
        raise ValidationError({"to_owner": _("No case manager of this name works here.")})
    return services.transfer_case(
        acting_user=acting_user(request),
        case=case,
        to_owner=to_owner,
        to_site=tenancy_queries.get_site_for(request.user, payload.to_site_id),
        handover_note=payload.handover_note,
        expected_version=payload.version,
    )


@router.get("/cases/{case_id}/events", response={200: list[CaseEventOut], **ERRORS})
def list_events(request: HttpRequest, case_id: uuid.UUID) -> Any:
    """The case history, newest first: phases, pauses, transfers with their handover notes."""
    case = case_for(request, case_id)
    return list(case.events.all())  # prefetched with their users by the case query
