"""The dashboard's figures about the persons of the period: country of origin, first
language, life stage and residence status."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Case as SqlCase
from django.db.models import Count, Value, When
from django.utils.translation import gettext as _
from django_countries import countries

from lotse.core.catalogues import (
    Language,
    LanguageLevel,
    ResidenceStatus,
)
from lotse.people.enums import LifeStage
from lotse.people.models import LIFE_STAGE_BOUNDS, PersonLanguage, ResidenceStatusRecord
from lotse.reports.figures import Bar, Chart, Figure, share
from lotse.reports.scope import Scope

TOP_COUNTRIES = 12  # the rest are counted as other countries


def _label(choices: Any, code: str) -> str:
    try:
        return str(choices(code).label)
    except ValueError:
        return code or _("not recorded")


def _counted(rows: list[tuple[str, int]], title: str, name: str, header: str) -> Figure:
    total = sum(n for _label, n in rows)
    table: list[list[Any]] = [[label, n, share(n, total)] for label, n in rows]
    chart = Chart(series=[_("persons")], bars=[Bar(label, [n]) for label, n in rows])
    table.append([_("Total"), total, 100.0 if total else None])
    return Figure(name, title, [header, _("persons"), _("share (%)")], table, chart)


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True)
class Profile:
    """How many persons of the period have each country of origin and life stage: one
    grouped pass over the persons for two figures."""

    origin: Counter[str]
    stage: Counter[str]


def profile(scope: Scope) -> Profile:
    shared = shared_persons(scope)
    if shared is not None:
        return Profile(shared.origin, shared.stage)
    with scope.lock:
        cached = scope.cache.get("profile")
        if cached is None:
            cached = scope.cache["profile"] = _profile(scope)
        return cached


def _stage(end: dt.date) -> SqlCase:
    """The life stage at the end of the period: younger than `bound` years at ``end`` means
    born after that day."""
    return SqlCase(
        When(birth_date__isnull=True, then=Value(LifeStage.UNKNOWN.value)),
        *[
            When(birth_date__gt=_years_before(end, bound), then=Value(band.value))
            for bound, band in LIFE_STAGE_BOUNDS
        ],
        default=Value(LifeStage.SENIOR.value),
    )


def _profile(scope: Scope) -> Profile:
    grouped = (
        scope.persons()
        .annotate(stage=_stage(scope.filters.end))
        .values("country_of_origin", "stage")
        .annotate(n=Count("pk"))
    )
    result = Profile(Counter(), Counter())
    for row in grouped:
        result.origin[row["country_of_origin"] or ""] += row["n"]
        result.stage[row["stage"]] += row["n"]
    return result


@dataclass(frozen=True)
class Persons:
    """The persons of the period counted by each of the four things the person figures
    show ("" where a person has none)."""

    origin: Counter[str]
    stage: Counter[str]
    language: Counter[str]
    residence: Counter[str]


# The persons of the period with their origin, life stage, first language (the smallest
# code among their native languages) and residence status at the end of the period (the
# latest valid one; of two from the same day the last recorded, then the last entered, as
# the residence figure alone), counted by all four at once: one pass over the persons for
# the four figures of a dashboard instead of four. Each person is joined to all their
# native languages and valid statuses; the first row by language, then latest status,
# carries both (DISTINCT ON on PostgreSQL, ROW_NUMBER elsewhere, as FIRST_PER_PERSON_SQL).
PERSONS_SQL = {
    "postgresql": """
SELECT origin, stage, language, residence, COUNT(*) FROM (
    SELECT DISTINCT ON (p.pk) p.country_of_origin AS origin, p.stage AS stage,
        l.language AS language, r.status AS residence
    FROM ({persons}) p
    LEFT JOIN {languages} l ON l.person_id = p.pk AND l.level = %s
    LEFT JOIN {statuses} r ON r.person_id = p.pk
        AND r.valid_from <= %s AND (r.valid_until IS NULL OR r.valid_until >= %s)
    ORDER BY p.pk, l.language, r.valid_from DESC, r.recorded_at DESC, r.id DESC
) firsts
GROUP BY origin, stage, language, residence
""",
    "default": """
SELECT origin, stage, language, residence, COUNT(*) FROM (
    SELECT p.country_of_origin AS origin, p.stage AS stage,
        l.language AS language, r.status AS residence,
        ROW_NUMBER() OVER (
            PARTITION BY p.pk
            ORDER BY l.language, r.valid_from DESC, r.recorded_at DESC, r.id DESC
        ) AS position
    FROM ({persons}) p
    LEFT JOIN {languages} l ON l.person_id = p.pk AND l.level = %s
    LEFT JOIN {statuses} r ON r.person_id = p.pk
        AND r.valid_from <= %s AND (r.valid_until IS NULL OR r.valid_until >= %s)
) firsts
WHERE position = 1
GROUP BY origin, stage, language, residence
""",
}


def share_persons(scope: Scope) -> Persons:
    """Count the persons of the period once for the four person figures of ``scope``
    (origin, first language, life stage, residence status), which then read the counts
    instead of asking the database again. The dashboard calls it before those figures; a
    figure asked alone counts only what it shows, which is cheaper than all four."""
    with scope.lock:
        cached = scope.cache.get("persons")
        if cached is None:
            cached = scope.cache["persons"] = _count_persons(scope)
        return cached


def shared_persons(scope: Scope) -> Persons | None:
    """The counts of ``share_persons`` if it was called for this scope."""
    with scope.lock:
        return scope.cache.get("persons")


def _count_persons(scope: Scope) -> Persons:
    end = scope.filters.end
    persons_sql, persons_params = (
        scope.persons()
        .annotate(stage=_stage(end))
        .order_by()
        .values("pk", "country_of_origin", "stage")
        .query.sql_with_params()
    )
    sql = PERSONS_SQL.get(connection.vendor, PERSONS_SQL["default"]).format(
        persons=persons_sql,
        languages=PersonLanguage._meta.db_table,
        statuses=ResidenceStatusRecord._meta.db_table,
    )
    result = Persons(Counter(), Counter(), Counter(), Counter())
    with connection.cursor() as cursor:
        cursor.execute(sql, [*persons_params, LanguageLevel.NATIVE, end, end])
        for origin, stage, language, residence, n in cursor.fetchall():
            result.origin[origin or ""] += n
            result.stage[stage] += n
            result.language[language or ""] += n
            result.residence[residence or ""] += n
    return result


# One value per person of the period from a table with none, one or several rows per
# person, counted by value (NULL: the person has none). Every person of the period is
# joined, so the persons without a value are counted in the same statement.
# The first row by an order: DISTINCT ON on PostgreSQL (cheaper than a window function
# there), ROW_NUMBER elsewhere.
FIRST_PER_PERSON_SQL = {
    "postgresql": """
SELECT value, COUNT(*) FROM (
    SELECT DISTINCT ON (p.pk) t.{column} AS value
    FROM ({persons}) p LEFT JOIN {table} t ON t.person_id = p.pk AND {condition}
    ORDER BY p.pk, {order}
) firsts
GROUP BY value
""",
    "default": """
SELECT value, COUNT(*) FROM (
    SELECT t.{column} AS value,
        ROW_NUMBER() OVER (PARTITION BY p.pk ORDER BY {order}) AS position
    FROM ({persons}) p LEFT JOIN {table} t ON t.person_id = p.pk AND {condition}
) firsts
WHERE position = 1
GROUP BY value
""",
}
# The same where the first is simply the smallest value: a grouping, cheaper than a sort.
SMALLEST_PER_PERSON_SQL = """
SELECT value, COUNT(*) FROM (
    SELECT MIN(t.{column}) AS value
    FROM ({persons}) p LEFT JOIN {table} t ON t.person_id = p.pk AND {condition}
    GROUP BY p.pk
) firsts
GROUP BY value
"""


def _first_per_person(
    scope: Scope, model: Any, column: str, *, order: str, condition: str, params: list[Any]
) -> Counter[str]:
    """Persons of the period by their first value (by ``order``; "" for the smallest);
    those without one under ""."""
    persons_sql, persons_params = scope.persons().order_by().values("pk").query.sql_with_params()
    if order:
        template = FIRST_PER_PERSON_SQL.get(connection.vendor, FIRST_PER_PERSON_SQL["default"])
    else:
        template = SMALLEST_PER_PERSON_SQL
    sql = template.format(
        column=column,
        order=order,
        table=model._meta.db_table,
        condition=condition,
        persons=persons_sql,
    )
    counts: Counter[str] = Counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, [*persons_params, *params])
        for value, n in cursor.fetchall():
            counts[value or ""] += n
    return counts


def origin(scope: Scope) -> Figure:
    counts = Counter(profile(scope).origin)
    unknown = counts.pop("", 0)
    top = counts.most_common(TOP_COUNTRIES)
    rows = [(str(countries.name(code)) or code, n) for code, n in top]
    rest = sum(counts.values()) - sum(n for _c, n in top)
    if rest:
        rows.append((_("other countries"), rest))
    if unknown:
        rows.append((_("not recorded"), unknown))
    return _counted(rows, _("Persons by country of origin"), "origin", _("Country of origin"))


def languages(scope: Scope) -> Figure:
    # One first language per person (the first by code if somebody has two).
    shared = shared_persons(scope)
    if shared is not None:
        counts = Counter(shared.language)
    else:
        counts = _first_per_person(
            scope,
            PersonLanguage,
            "language",
            order="",
            condition="t.level = %s",
            params=[LanguageLevel.NATIVE],
        )
    unknown = counts.pop("", 0)
    rows = [(_label(Language, code), n) for code, n in sorted(counts.items(), key=_by_count)]
    if unknown:
        rows.append((_("not recorded"), unknown))
    return _counted(rows, _("Persons by first language"), "languages", _("First language"))


def _by_count(item: tuple[str, int]) -> tuple[int, str]:
    return -item[1], item[0]


def life_stages(scope: Scope) -> Figure:
    counts = profile(scope).stage
    rows = [(str(s.label), counts[s.value]) for s in LifeStage if counts.get(s.value)]
    return _counted(rows, _("Persons by life stage"), "life_stages", _("Life stage"))


def residence(scope: Scope) -> Figure:
    end = scope.filters.end
    shared = shared_persons(scope)
    if shared is not None:
        counts = shared.residence
    else:
        counts = _first_per_person(
            scope,
            ResidenceStatusRecord,
            "status",
            order="t.valid_from DESC, t.recorded_at DESC, t.id DESC",
            condition="t.valid_from <= %s AND (t.valid_until IS NULL OR t.valid_until >= %s)",
            params=[end, end],
        )
    rows = [(str(s.label), counts[s.value]) for s in ResidenceStatus if counts.get(s.value)]
    if counts.get(""):
        rows.append((_("not recorded"), counts[""]))
    return _counted(
        rows,
        _("Persons by residence status at the end of the period"),
        "residence",
        _("Residence status"),
    )
