"""API operations of the health-insurance clearing: cases, steps, closing, and the figures.
The same services and queries as the pages."""

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from lotse.api.audited import AuditedPage
from lotse.api.common import CONFLICTS, ERRORS, Day, acting_user, municipality_of, require
from lotse.cases.models import Case
from lotse.clearing import queries, services, statistics
from lotse.clearing.enums import ClearingStatus, StepKind, StepResult
from lotse.people import queries as people_queries

router = Router(tags=["clearing"])


class StepOut(Schema):
    id: int
    kind: StepKind
    taken_on: Day
    result: StepResult
    note: str


class ClearingCaseOut(Schema):
    id: uuid.UUID
    version: int
    person_id: uuid.UUID
    case_id: uuid.UUID | None
    counsellor: str
    opened_on: Day
    closed_on: Day | None
    status_at_start: ClearingStatus
    status_at_end: str
    outcome: str
    duration_days: int | None

    @staticmethod
    def resolve_counsellor(obj: Any) -> str:
        return str(obj.counsellor.get_username())


class ClearingCaseDetailOut(ClearingCaseOut):
    steps: list[StepOut]

    @staticmethod
    def resolve_steps(obj: Any) -> list[Any]:
        return list(obj.steps.all())


class ClearingCaseIn(Schema):
    person_id: uuid.UUID
    status_at_start: ClearingStatus
    opened_on: Day | None = None
    case_id: uuid.UUID | None = None


class ClearingCasePatch(Schema):
    version: int
    status_at_start: ClearingStatus | None = None
    opened_on: Day | None = None
    case_id: uuid.UUID | None = None
    outcome: str | None = None


class StepIn(Schema):
    kind: StepKind
    taken_on: Day
    result: StepResult = StepResult.PENDING
    note: str = ""


class CloseIn(Schema):
    version: int
    status_at_end: ClearingStatus
    closed_on: Day | None = None
    outcome: str = ""


class ListFilter(Schema):
    state: str = "all"


class PeriodIn(Schema):
    date_from: Day | None = None
    date_to: Day | None = None


class TableOut(Schema):
    name: str
    title: str
    header: list[str]
    rows: list[list[Any]]


class StatisticsOut(Schema):
    date_from: Day
    date_to: Day
    persons: int
    cases: int
    open_cases: int
    without_status: int
    without_status_percent: float | None
    closed_in_period: int
    mean_days: float | None
    median_days: float | None
    tables: list[TableOut]


def _clearing(request: HttpRequest, clearing_id: uuid.UUID, *, change: bool = False) -> Any:
    require(request, "clearing.list_clearingcase")
    clearing = queries.get_clearing_case_for(request.user, clearing_id)
    if change:
        require(request, "clearing.change_clearingcase", clearing)
    return clearing


def _kim_case(person: Any, case_id: uuid.UUID | None) -> Case | None:
    if case_id is None:
        return None
    case = Case.objects.filter(pk=case_id, municipality_id=person.municipality_id).first()
    if case is None:
        raise ValidationError({"case_id": _("No such KIM case in this municipality.")})
    return case


@router.get("/clearing-cases", response={200: list[ClearingCaseOut], **ERRORS})
@paginate(AuditedPage, shown=lambda clearing: (clearing.person_id,), listing="clearing")
def list_clearing_cases(request: HttpRequest, filters: Query[ListFilter]) -> Any:
    """Clearing cases of the user's municipality (clearing counsellors); `state` is `open`,
    `closed` or `all`; at most 200 on a page."""
    require(request, "clearing.list_clearingcase")
    cases = queries.clearing_cases_for(request.user).order_by("-opened_on", "-created_at")
    if filters.state == "open":
        cases = cases.filter(closed_on__isnull=True)
    elif filters.state == "closed":
        cases = cases.filter(closed_on__isnull=False)
    return cases


@router.post("/clearing-cases", response={201: ClearingCaseDetailOut, **ERRORS})
def open_clearing_case(request: HttpRequest, payload: ClearingCaseIn) -> Any:
    """Open a clearing case for a person; the caller becomes its counsellor."""
    require(request, "clearing.add_clearingcase")
    user = acting_user(request)
    person = people_queries.get_person_for(user, payload.person_id)
    clearing = services.open_clearing_case(
        acting_user=user,
        person=person,
        status_at_start=payload.status_at_start,
        opened_on=payload.opened_on,
        case=_kim_case(person, payload.case_id),
    )
    return Status(201, queries.get_clearing_case_for(user, clearing.pk))


@router.get("/clearing-cases/{clearing_id}", response={200: ClearingCaseDetailOut, **ERRORS})
def get_clearing_case(request: HttpRequest, clearing_id: uuid.UUID) -> Any:
    """One clearing case with its steps. The read is audited."""
    clearing = _clearing(request, clearing_id)
    services.record_clearing_case_viewed(acting_user=acting_user(request), clearing_case=clearing)
    return clearing


@router.patch("/clearing-cases/{clearing_id}", response={200: ClearingCaseDetailOut, **CONFLICTS})
def update_clearing_case(
    request: HttpRequest, clearing_id: uuid.UUID, payload: ClearingCasePatch
) -> Any:
    """Change the start status, opening date, KIM case or outcome note; 409 for a stale
    version."""
    clearing = _clearing(request, clearing_id, change=True)
    sent = payload.dict(exclude_unset=True)
    changes: dict[str, Any] = {
        key: sent[key] for key in ("status_at_start", "opened_on", "outcome") if key in sent
    }
    if "case_id" in sent:
        changes["case"] = _kim_case(clearing.person, payload.case_id)
    services.update_clearing_case(
        acting_user=acting_user(request),
        clearing_case=clearing,
        expected_version=payload.version,
        **changes,
    )
    return queries.get_clearing_case_for(request.user, clearing.pk)


@router.post("/clearing-cases/{clearing_id}/steps", response={201: StepOut, **ERRORS})
def record_step(request: HttpRequest, clearing_id: uuid.UUID, payload: StepIn) -> Any:
    """Record a step taken in an open clearing case."""
    clearing = _clearing(request, clearing_id, change=True)
    step = services.record_clearing_step(
        acting_user=acting_user(request),
        clearing_case=clearing,
        kind=payload.kind,
        taken_on=payload.taken_on,
        result=payload.result,
        note=payload.note,
    )
    return Status(201, step)


@router.post(
    "/clearing-cases/{clearing_id}/close", response={200: ClearingCaseDetailOut, **CONFLICTS}
)
def close_clearing_case(request: HttpRequest, clearing_id: uuid.UUID, payload: CloseIn) -> Any:
    """Close a clearing case with the status reached; the person's insurance history is
    updated too. 409 for a stale version."""
    clearing = _clearing(request, clearing_id, change=True)
    services.close_clearing_case(
        acting_user=acting_user(request),
        clearing_case=clearing,
        status_at_end=payload.status_at_end,
        closed_on=payload.closed_on,
        outcome=payload.outcome,
        expected_version=payload.version,
    )
    return queries.get_clearing_case_for(request.user, clearing.pk)


@router.get("/clearing-statistics", response={200: StatisticsOut, **ERRORS})
def clearing_statistics(request: HttpRequest, period: Query[PeriodIn]) -> Any:
    """The clearing figures of the user's municipality for a period (default: this year up
    to today), as the statistics page shows them. No persons."""
    require(request, "clearing.view_statistics")
    municipality = municipality_of(request)
    today = timezone.localdate()
    start = period.date_from or today.replace(month=1, day=1)
    end = period.date_to or today
    if end < start:
        raise ValidationError({"date_to": _("The end lies before the start.")})
    figures = statistics.clearing_statistics(municipality.pk, start, end)
    services.record_statistics_viewed(
        acting_user=acting_user(request), municipality=municipality, date_from=start, date_to=end
    )
    return {
        **{key: getattr(figures, key) for key in StatisticsOut.model_fields if key != "tables"},
        "tables": [
            {"name": t.name, "title": t.title, "header": t.header, "rows": t.rows}
            for t in (figures.tables[name] for name in statistics.TABLE_NAMES)
        ],
    }
