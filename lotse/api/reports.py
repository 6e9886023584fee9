"""The dashboard and the funding figures as JSON: the same figures as the pages, one
table each (header and rows), in the language of the request."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from lotse.api.common import ERRORS, Day, acting_user, municipality_of, require
from lotse.reports import dashboard as board
from lotse.reports import services
from lotse.reports.forms import MAX_DAYS, default_period
from lotse.reports.funding import funding_report

router = Router(tags=["reports"])


class PeriodIn(Schema):
    start: Day | None = None
    end: Day | None = None

    def period(self) -> tuple[dt.date, dt.date]:
        default_start, default_end = default_period()
        start, end = self.start or default_start, self.end or default_end
        if end < start:
            raise ValidationError(_("The end lies before the start."))
        if (end - start).days > MAX_DAYS:
            raise ValidationError(_("Choose a period of at most five years."))
        return start, end


class DashboardIn(PeriodIn):
    site: uuid.UUID | None = None
    owner: uuid.UUID | None = None
    organisation: uuid.UUID | None = None


class FigureOut(Schema):
    name: str
    title: str
    header: list[str]
    rows: list[list[Any]]
    note: str


class DashboardOut(Schema):
    start: Day
    end: Day
    figures: list[FigureOut]


class FundingOut(Schema):
    start: Day
    end: Day
    amount_per_year: float
    amount_for_period: float
    figures: list[FigureOut]


def _scope(request: HttpRequest, query: DashboardIn) -> board.Scope:
    require(request, "reports.view_dashboard")
    start, end = query.period()
    filters = board.Filters(
        start=start,
        end=end,
        site_id=query.site,
        owner_id=query.owner,
        organisation_id=query.organisation,
    )
    return board.scope_for(acting_user(request), municipality_of(request), filters)


def _record(request: HttpRequest, report: str, query: Schema, table: str = "") -> None:
    services.record_report_viewed(
        acting_user=acting_user(request),
        municipality=municipality_of(request),
        report=report,
        filters={k: str(v) for k, v in query.dict().items() if v},
        table=table,
        fmt="json" if table else "",
    )


@router.get("/reports/dashboard", response={200: DashboardOut, **ERRORS})
def dashboard(request: HttpRequest, query: Query[DashboardIn]) -> Any:
    """Every figure of the dashboard (case managers: their own cases only)."""
    scope = _scope(request, query)
    figures = board.dashboard(scope)
    _record(request, "dashboard", query)
    return {
        "start": scope.filters.start,
        "end": scope.filters.end,
        "figures": [f.as_json() for f in figures],
    }


@router.get("/reports/dashboard/{name}", response={200: FigureOut, **ERRORS})
def dashboard_figure(request: HttpRequest, name: str, query: Query[DashboardIn]) -> Any:
    """One figure of the dashboard by its name (cases, caseload, waiting, duration,
    contacts, referrals, goals, need_change, origin, languages, life_stages, residence,
    structural_issues)."""
    scope = _scope(request, query)
    if name not in board.FIGURES:
        return 404, {"detail": _("No such figure.")}
    figure = board.figure(scope, name)
    _record(request, "dashboard", query, table=name)
    return figure.as_json()


@router.get("/reports/funding", response={200: FundingOut, **ERRORS})
def funding(request: HttpRequest, query: Query[PeriodIn]) -> Any:
    """The funding figures (Verwendungsnachweis) for a period."""
    require(request, "reports.view_funding")
    start, end = query.period()
    report = funding_report(municipality_of(request), start, end)
    _record(request, "funding", query)
    return {
        "start": start,
        "end": end,
        "amount_per_year": float(report.amount_per_year),
        "amount_for_period": float(report.amount_for_period),
        "figures": [f.as_json() for f in report.figures],
    }
