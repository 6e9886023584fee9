"""State totals from the files of many municipalities.

Published counts add up. Where some municipality suppressed its part, the state figure is
the sum of the published parts and flagged as a lower bound ("at least n"): the suppressed
part is unknown but not negative. Totals stay exact where every municipality published
them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from lotse.reports.state import SCHEMA_VERSION, StateReportError, schema_errors

TOTAL_KEYS = (
    ("row_totals", "row_totals_suppressed", "rows"),
    ("column_totals", "column_totals_suppressed", "columns"),
)


def check_file(document: Any, *, source: str) -> dict[str, Any]:
    """A municipality's file, validated against the JSON Schema (or a clear error)."""
    errors = schema_errors(document)
    if errors:
        raise StateReportError(f"{source}: not a state-report file: {'; '.join(errors[:3])}")
    if document["kind"] != "municipality":
        raise StateReportError(f"{source}: a combined file, not a municipality's file.")
    checked: dict[str, Any] = document
    return checked


def _codes(tables: Sequence[dict[str, Any]], key: str) -> list[str]:
    """Every code of the tables, in the order of first appearance."""
    seen: dict[str, None] = {}
    for table in tables:
        for code in table[key]:
            seen.setdefault(code, None)
    return list(seen)


def _combine_table(parts: Sequence[dict[str, Any]]) -> dict[str, Any]:
    rows, columns = _codes(parts, "rows"), _codes(parts, "columns")
    cells = [[0] * len(columns) for _ in rows]
    lower = [[False] * len(columns) for _ in rows]
    totals: dict[str, list[int]] = {"rows": [0] * len(rows), "columns": [0] * len(columns)}
    total_flags: dict[str, list[bool]] = {
        "rows": [False] * len(rows),
        "columns": [False] * len(columns),
    }
    grand, grand_lower = 0, False
    for part in parts:
        row_at = {code: rows.index(code) for code in part["rows"]}
        column_at = {code: columns.index(code) for code in part["columns"]}
        for i, row in enumerate(part["rows"]):
            for j, column in enumerate(part["columns"]):
                value = part["cells"][i][j]
                if value is None or part["suppressed"][i][j]:
                    lower[row_at[row]][column_at[column]] = True
                else:
                    cells[row_at[row]][column_at[column]] += value
        for values_key, flags_key, axis in TOTAL_KEYS:
            at = row_at if axis == "rows" else column_at
            for k, code in enumerate(part[axis]):
                value = part[values_key][k]
                if value is None or part[flags_key][k]:
                    total_flags[axis][at[code]] = True
                else:
                    totals[axis][at[code]] += value
        if part["total"] is None or part["total_suppressed"]:
            grand_lower = True
        else:
            grand += part["total"]
    return {
        "name": parts[0]["name"],
        "unit": parts[0]["unit"],
        "rows": rows,
        "columns": columns,
        "cells": cells,
        "suppressed": lower,
        "row_totals": totals["rows"],
        "row_totals_suppressed": total_flags["rows"],
        "column_totals": totals["columns"],
        "column_totals_suppressed": total_flags["columns"],
        "total": grand,
        "total_suppressed": grand_lower,
    }


def combine(documents: Sequence[dict[str, Any]], *, today: dt.date | None = None) -> dict[str, Any]:
    """The combined file of validated municipality files (``check_file``) of one period.

    Refuses files of different periods and a municipality given twice."""
    if not documents:
        raise StateReportError("No files to combine.")
    periods = {d["period"]["label"] for d in documents}
    if len(periods) > 1:
        raise StateReportError(
            f"The files cover different periods ({', '.join(sorted(periods))}): "
            "combine one period at a time."
        )
    keys = [d["municipality"]["official_key"] for d in documents]
    twice = sorted({k for k in keys if keys.count(k) > 1})
    if twice:
        raise StateReportError(f"The same municipality is given twice: {', '.join(twice)}.")
    thresholds = {d["threshold"] for d in documents}
    names: dict[str, list[dict[str, Any]]] = {}
    for document in documents:
        for table in document["tables"]:
            names.setdefault(table["name"], []).append(table)
    for name, parts in names.items():
        if len({p["unit"] for p in parts}) > 1:
            raise StateReportError(f"Table {name!r} has different units in different files.")
    municipalities = sorted((d["municipality"] for d in documents), key=lambda m: m["official_key"])
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "combined",
        "municipalities": municipalities,
        "period": documents[0]["period"],
        "generated_on": (today or dt.date.today()).isoformat(),  # noqa: DTZ011  (a date)
        "threshold": max(thresholds),
        "tables": [_combine_table(parts) for parts in names.values()],
    }
