"""The anonymised state report of one municipality for one period: the registered tables
(``state_tables``), small counts suppressed (``suppression``), as a dictionary that is
written as JSON (validated by ``docs/state-report.schema.json``) or as long CSV.

What the file holds: the municipality's official key and name (a municipality is not a
person), the period, the date of writing, the threshold and the tables, made of codes and
counts only. No names, no ids, no free text.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator  # type: ignore[import-untyped]  # no stubs pinned

from lotse.reports import state_tables
from lotse.reports.state_tables import REGISTRY, Period, TableSpec
from lotse.reports.suppression import THRESHOLD, suppress
from lotse.tenancy.models import Municipality

SCHEMA_VERSION = "1.0"
SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "state-report.schema.json"
CSV_HEADER = ("table", "row", "column", "value", "suppressed")
TOTAL = "total"
PERIOD_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-Q(?P<quarter>[1-4]))?$")

__all__ = ["Period", "StateReportError", "parse_period", "state_report", "to_csv", "to_json"]


class StateReportError(ValueError):
    """A report that cannot be written or read; the message says why, for the user."""


def parse_period(text: str) -> Period:
    """``2026-Q3`` (a quarter) or ``2026`` (a whole year)."""
    match = PERIOD_PATTERN.match(text.strip())
    if match is None:
        raise StateReportError(
            f"Unknown period {text!r}: write a quarter as 2026-Q3 or a whole year as 2026."
        )
    year = int(match["year"])
    if year < 2000:
        raise StateReportError(f"Unknown period {text!r}: the year lies before 2000.")
    if match["quarter"] is None:
        return Period(str(year), dt.date(year, 1, 1), dt.date(year, 12, 31))
    quarter = int(match["quarter"])
    first = 3 * quarter - 2
    last = first + 2
    return Period(
        f"{year}-Q{quarter}",
        dt.date(year, first, 1),
        dt.date(year, last, calendar.monthrange(year, last)[1]),
    )


def _table(spec: TableSpec, counts: state_tables.Counts) -> dict[str, Any]:
    """One table with its totals, small counts and their complements replaced by null."""
    values = [[counts.get((r, c), 0) for c in spec.columns] for r in spec.rows]
    hidden = suppress(values, THRESHOLD)
    row_totals = [sum(row) for row in values]
    column_totals = [sum(col) for col in zip(*values, strict=True)]
    return {
        "name": spec.name,
        "unit": spec.unit,
        "rows": list(spec.rows),
        "columns": list(spec.columns),
        "cells": [
            [None if hide else value for value, hide in zip(row, flags, strict=True)]
            for row, flags in zip(values, hidden.cells, strict=True)
        ],
        "suppressed": hidden.cells,
        "row_totals": [
            None if hide else v for v, hide in zip(row_totals, hidden.row_totals, strict=True)
        ],
        "row_totals_suppressed": hidden.row_totals,
        "column_totals": [
            None if hide else v for v, hide in zip(column_totals, hidden.column_totals, strict=True)
        ],
        "column_totals_suppressed": hidden.column_totals,
        "total": None if hidden.total else sum(row_totals),
        "total_suppressed": hidden.total,
    }


def state_report(
    municipality: Municipality, period: Period, *, today: dt.date | None = None
) -> dict[str, Any]:
    """The report as a dictionary (read-only: the caller records the audit entry)."""
    if not municipality.official_key:
        raise StateReportError(
            f"{municipality.name} has no official municipality key (AGS): enter it first."
        )
    tables = [_table(spec, spec.count(municipality, period)) for spec in REGISTRY.values()]
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "municipality",
        "municipality": {"official_key": municipality.official_key, "name": municipality.name},
        "period": {
            "label": period.label,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
        },
        "generated_on": (today or dt.date.today()).isoformat(),  # noqa: DTZ011  (a date)
        "threshold": THRESHOLD,
        "tables": tables,
    }


def to_json(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def _long_rows(table: dict[str, Any]) -> Iterable[Sequence[Any]]:
    name = table["name"]
    for i, row in enumerate(table["rows"]):
        for j, column in enumerate(table["columns"]):
            yield name, row, column, table["cells"][i][j], table["suppressed"][i][j]
        yield name, row, TOTAL, table["row_totals"][i], table["row_totals_suppressed"][i]
    for j, column in enumerate(table["columns"]):
        yield (
            name,
            TOTAL,
            column,
            table["column_totals"][j],
            table["column_totals_suppressed"][j],
        )
    yield name, TOTAL, TOTAL, table["total"], table["total_suppressed"]


def to_csv(report: dict[str, Any]) -> str:
    """Long form: one line per cell and total. Empty value: suppressed in a municipality's
    file; in a combined file the value is a lower bound where ``suppressed`` is true."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for table in report["tables"]:
        for name, row, column, value, hidden in _long_rows(table):
            writer.writerow(
                [name, row, column, "" if value is None else value, "true" if hidden else "false"]
            )
    return buffer.getvalue()


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return loaded


def schema_errors(document: Any) -> list[str]:
    """What makes ``document`` not a state-report file, in JSON Schema terms (empty: valid)."""
    validator = Draft202012Validator(schema())
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.message}"
        for error in sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    ][:10]
