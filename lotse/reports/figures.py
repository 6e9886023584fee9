"""The building blocks of every report: a figure is a table (header and rows, what the
downloads contain) plus, where a picture helps, a bar chart of the same numbers."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Bar:
    label: str
    values: list[float]


@dataclass(frozen=True)
class Chart:
    """Horizontal bars. Stacked: the values of a bar are parts of one whole (one bar per
    row); grouped: one thin bar per value (values of different kinds side by side)."""

    series: list[str]
    bars: list[Bar]
    stacked: bool = True
    unit: str = ""

    def rows(self) -> list[dict[str, Any]]:
        """Bars with their segments' widths in per cent of the longest bar, for the SVG."""
        if self.stacked:
            peak = max((sum(bar.values) for bar in self.bars), default=0)
        else:
            peak = max((max(bar.values, default=0) for bar in self.bars), default=0)
        result = []
        for bar in self.bars:
            segments = []
            offset = 0.0
            for index, value in enumerate(bar.values):
                width = round(100 * value / peak, 2) if peak else 0.0
                segments.append({"series": index % 6, "x": offset, "width": width, "value": value})
                if self.stacked:
                    offset = round(offset + width, 2)
            result.append({"label": bar.label, "segments": segments, "total": sum(bar.values)})
        return result


@dataclass
class Figure:
    """One figure: its name (the download's name), title, table and chart."""

    name: str
    title: str
    header: list[str]
    rows: list[list[Any]]
    chart: Chart | None = None
    note: str = ""
    # Row labels in the first column are row headers for screen readers.
    key_columns: int = 1
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "header": self.header,
            "rows": [[_plain(value) for value in row] for row in self.rows],
            "note": self.note,
        }


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class Spread:
    """How long something took: count, median, mean and 90th percentile."""

    count: int
    median: float | None
    mean: float | None
    p90: float | None

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread:
        if not values:
            return cls(0, None, None, None)
        ordered = sorted(values)
        # The nearest-rank 90th percentile: a value that really occurred.
        rank = max(0, -(-9 * len(ordered) // 10) - 1)
        return cls(
            count=len(ordered),
            median=round(statistics.median(ordered), 1),
            mean=round(statistics.fmean(ordered), 1),
            p90=float(ordered[rank]),
        )


def share(part: int, whole: int) -> float | None:
    """Per cent with one decimal, or None when there is no whole."""
    return round(100 * part / whole, 1) if whole else None
