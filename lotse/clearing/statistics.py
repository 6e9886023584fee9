"""Figures of the clearing office for a period: persons counselled, by nationality and
insurance status, the steps taken, the duration. Everything is counted in the database
(GROUP BY); Python only arranges the few aggregated rows into tables.

The cases of a period are those worked in it: opened on or before its last day and not
closed before its first. Persons are counted once per row of a table (a person with two
clearing cases in a period counts once in the total).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.utils.translation import gettext as _
from django_countries import countries

from lotse.clearing.enums import WITHOUT_STATUS, ClearingStatus, StepKind, StepResult
from lotse.clearing.models import ClearingCase, ClearingStep

TOP_COUNTRIES = 5
OTHER = "other"
UNKNOWN = ""


@dataclass(frozen=True)
class Table:
    """One figure as rows with headers: the page, the CSV and the XLSX show the same."""

    name: str
    title: str
    header: list[str]
    rows: list[list[Any]]
    # Which column the bar chart draws (None: no chart).
    bar_column: int | None = 1


@dataclass
class Statistics:
    date_from: dt.date
    date_to: dt.date
    persons: int = 0
    cases: int = 0
    open_cases: int = 0
    without_status: int = 0
    closed_in_period: int = 0
    mean_days: float | None = None
    median_days: float | None = None
    tables: dict[str, Table] = field(default_factory=dict)

    @property
    def without_status_percent(self) -> float | None:
        if not self.cases:
            return None
        return round(100 * self.without_status / self.cases, 1)


def cases_in_period(municipality_id: Any, date_from: dt.date, date_to: dt.date) -> QuerySet:
    return ClearingCase.objects.filter(
        municipality_id=municipality_id, opened_on__lte=date_to
    ).filter(Q(closed_on__isnull=True) | Q(closed_on__gte=date_from))


def country_label(code: str) -> str:
    if code == OTHER:
        return _("Other countries")
    if not code:
        return _("Nationality not recorded")
    return str(countries.name(code)) or code


def _top(counts: dict[str, int], limit: int) -> list[str]:
    """The ``limit`` most frequent nationalities (ties by code); the rest become 'other'."""
    known = sorted(
        ((code, n) for code, n in counts.items() if code), key=lambda item: (-item[1], item[0])
    )
    return [code for code, _n in known[:limit]]


def _bucket(code: str, top: Iterable[str]) -> str:
    if code in top or code == UNKNOWN:
        return code
    return OTHER


def _median(histogram: list[tuple[int, int]]) -> float | None:
    """The median of values given as (value, frequency), sorted by value."""
    total = sum(n for _v, n in histogram)
    if not total:
        return None
    middle = [(total - 1) // 2, total // 2]
    found: list[int] = []
    seen = 0
    for value, n in histogram:
        found += [value for position in middle if seen <= position < seen + n]
        seen += n
    return sum(found) / len(found)


def clearing_statistics(
    municipality_id: Any, date_from: dt.date, date_to: dt.date, *, top: int = TOP_COUNTRIES
) -> Statistics:
    """The figures of one municipality for the period from ``date_from`` to ``date_to``
    (both included); ``top`` nationalities get their own row, the rest is 'other'."""
    cases = cases_in_period(municipality_id, date_from, date_to)
    stats = Statistics(date_from=date_from, date_to=date_to)
    summary = cases.aggregate(
        persons=Count("person", distinct=True),
        cases=Count("id"),
        open=Count("id", filter=Q(closed_on__isnull=True) | Q(closed_on__gt=date_to)),
        without=Count("id", filter=Q(status_at_start__in=WITHOUT_STATUS)),
    )
    stats.persons = summary["persons"]
    stats.cases = summary["cases"]
    stats.open_cases = summary["open"]
    stats.without_status = summary["without"]
    _nationality_tables(stats, cases, top)
    _status_tables(stats, cases)
    stats.tables["steps"] = _steps_table(municipality_id, date_from, date_to)
    _durations(stats, municipality_id)
    stats.tables["summary"] = _summary_table(stats)
    return stats


def _nationality_tables(stats: Statistics, cases: QuerySet, top: int) -> None:
    """Persons by nationality, and the start status by nationality; the top countries
    each with their column, the rest together as 'other'."""
    pairs = (
        cases.values_list("person__nationality", "status_at_start")
        .annotate(n=Count("person", distinct=True))
        .order_by()
    )
    by_country_status: dict[tuple[str, str], int] = {}
    for code, status, n in pairs:
        by_country_status[(code or UNKNOWN, status)] = n
    per_country = {
        code or UNKNOWN: n
        for code, n in cases.values_list("person__nationality")
        .annotate(n=Count("person", distinct=True))
        .order_by()
        .values_list("person__nationality", "n")
    }
    top_codes = _top(per_country, top)
    columns = [*top_codes, OTHER] + ([UNKNOWN] if UNKNOWN in per_country else [])
    grouped: dict[str, int] = {}
    for code, n in per_country.items():
        key = _bucket(code, top_codes)
        grouped[key] = grouped.get(key, 0) + n
    stats.tables["nationality"] = Table(
        "nationality",
        _("Persons counselled by nationality"),
        [_("Nationality"), _("Persons"), _("Share in per cent")],
        [
            [
                country_label(code),
                grouped.get(code, 0),
                _percent(grouped.get(code, 0), stats.persons),
            ]
            for code in columns
        ],
    )
    matrix: dict[tuple[str, str], int] = {}
    for (code, status), n in by_country_status.items():
        cell = (_bucket(code, top_codes), status)
        matrix[cell] = matrix.get(cell, 0) + n
    stats.tables["start_by_nationality"] = Table(
        "start_by_nationality",
        _("Insurance status at the start by nationality"),
        [_("Insurance status at the start"), *[country_label(c) for c in columns], _("Total")],
        [
            [
                str(status.label),
                *[matrix.get((code, status.value), 0) for code in columns],
                sum(matrix.get((code, status.value), 0) for code in columns),
            ]
            for status in ClearingStatus
        ],
        bar_column=len(columns) + 1,
    )


def _status_tables(stats: Statistics, cases: QuerySet) -> None:
    start = dict(
        cases.values_list("status_at_start")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("status_at_start", "n")
    )
    stats.tables["start"] = _status_table(
        "start", _("Insurance status at the start"), start, stats.cases
    )
    ended = cases.filter(closed_on__lte=stats.date_to)
    end = dict(
        ended.values_list("status_at_end")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("status_at_end", "n")
    )
    end_table = _status_table("end", _("Insurance status at the end"), end, stats.cases)
    end_table.rows.append(
        [_("Still open"), stats.open_cases, _percent(stats.open_cases, stats.cases)]
    )
    stats.tables["end"] = end_table


def _steps_table(municipality_id: Any, date_from: dt.date, date_to: dt.date) -> Table:
    """Steps taken in the period by kind, with their results."""
    steps = ClearingStep.objects.filter(
        case__municipality_id=municipality_id, taken_on__gte=date_from, taken_on__lte=date_to
    )
    by_kind = {
        row["kind"]: row
        for row in steps.values("kind")
        .annotate(
            n=Count("id"),
            succeeded=Count("id", filter=Q(result=StepResult.SUCCEEDED)),
            failed=Count("id", filter=Q(result=StepResult.FAILED)),
            pending=Count("id", filter=Q(result=StepResult.PENDING)),
        )
        .order_by()
    }
    return Table(
        "steps",
        _("Steps taken by kind"),
        [_("Step"), _("Steps"), _("Successful"), _("Not successful"), _("Pending")],
        [
            [
                str(kind.label),
                *(
                    by_kind.get(kind.value, {}).get(key, 0)
                    for key in ("n", "succeeded", "failed", "pending")
                ),
            ]
            for kind in StepKind
        ],
    )


def _durations(stats: Statistics, municipality_id: Any) -> None:
    """Mean and median duration of the cases closed in the period. The database groups the
    durations (days -> cases); the median is read off the few distinct values."""
    closed = ClearingCase.objects.filter(
        municipality_id=municipality_id,
        closed_on__gte=stats.date_from,
        closed_on__lte=stats.date_to,
    )
    histogram = sorted(
        (int(duration.days), n)
        for duration, n in closed.annotate(
            days=ExpressionWrapper(F("closed_on") - F("opened_on"), output_field=DurationField())
        )
        .values_list("days")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("days", "n")
    )
    stats.closed_in_period = sum(n for _d, n in histogram)
    if stats.closed_in_period:
        stats.mean_days = round(sum(d * n for d, n in histogram) / stats.closed_in_period, 1)
        stats.median_days = _median(histogram)


def _summary_table(stats: Statistics) -> Table:
    return Table(
        "summary",
        _("Overview"),
        [_("Figure"), _("Value")],
        [
            [_("Persons counselled"), stats.persons],
            [_("Clearing cases"), stats.cases],
            [_("Without insurance status at the start or to be checked"), stats.without_status],
            [
                _("Share without insurance status at the start (per cent)"),
                stats.without_status_percent,
            ],
            [_("Still open at the end of the period"), stats.open_cases],
            [_("Closed in the period"), stats.closed_in_period],
            [_("Mean duration of closed cases (days)"), stats.mean_days],
            [_("Median duration of closed cases (days)"), stats.median_days],
        ],
        bar_column=None,
    )


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def _status_table(name: str, title: str, counts: dict[str, int], whole: int) -> Table:
    return Table(
        name,
        title,
        [title, _("Clearing cases"), _("Share in per cent")],
        [
            [
                str(status.label),
                counts.get(status.value, 0),
                _percent(counts.get(status.value, 0), whole),
            ]
            for status in ClearingStatus
        ],
    )


TABLE_NAMES = ("summary", "nationality", "start_by_nationality", "start", "end", "steps")
