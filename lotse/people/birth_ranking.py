"""How a typed date of birth ranks the persons of a name (``matching.birth_relation``),
in Python and as SQL: the search's bonus and order (``BirthRanking``), the duplicate
warning's order of namesakes (``birth_order``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Case, IntegerField, Q, Value, When

from lotse.people import matching


def swapped(typed: dt.date) -> dt.date | None:
    """The date with day and month swapped, where that is another date."""
    try:
        swapped = dt.date(typed.year, typed.day, typed.month)
    except ValueError:
        return None
    return swapped if swapped != typed else None


def one_digit_off(typed: dt.date) -> list[dt.date]:
    """The dates of the same year that ``matching.birth_relation`` calls one digit off."""
    text = typed.isoformat()
    variants: set[str] = set()
    for i, char in enumerate(text):
        if not char.isdigit():
            continue
        variants.update(text[:i] + digit + text[i + 1 :] for digit in "0123456789")
        if i + 1 < len(text) and text[i + 1].isdigit():
            variants.add(text[:i] + text[i + 1] + char + text[i + 2 :])
    dates = []
    for variant in sorted(variants):
        try:
            day = dt.date.fromisoformat(variant)
        except ValueError:
            continue
        if day.year == typed.year and matching.birth_relation(typed, "day", day, "day") == "digit":
            dates.append(day)
    return dates


class BirthRanking:
    """The bonus a typed date of birth gives each candidate (``matching.birth_relation``),
    also as SQL: to take a name's persons best first, and to leave out those whose bonus
    cannot lift them into the page."""

    def __init__(self, typed: dt.date | None, precision: str) -> None:
        self.typed, self.precision = typed, precision
        # (relation, its candidates), highest bonus first; everyone else (born on another
        # day) gets no bonus. The search takes the typed year and the persons without a date
        # of birth, so the year is not compared here.
        self.relations: list[tuple[str, Q]] = []
        dated, unknown = Q(birth_date__isnull=False), ("unknown", Q(birth_date__isnull=True))
        if typed is None:
            return
        if precision == "year":
            self.relations = [("year", dated), unknown]
        elif precision != "day":  # a month: the same month where both know it
            month = ~Q(birth_date_precision="year") & Q(birth_date__month=typed.month)
            self.relations = [("month", month), ("year", dated), unknown]
        else:
            day = Q(birth_date_precision="day")
            self.relations.append(("date", day & Q(birth_date=typed)))
            other_way = swapped(typed)
            if other_way is not None:
                self.relations.append(("swapped", day & Q(birth_date=other_way)))
            digits = one_digit_off(typed)
            if digits:
                self.relations.append(("digit", day & Q(birth_date__in=digits)))
            month = Q(birth_date_precision="month", birth_date__month=typed.month)
            self.relations.append(("month", month))
            self.relations.append(("year", ~day & dated))
            self.relations.append(unknown)
            self.relations.sort(key=lambda item: -matching.BIRTH_BONUS[item[0]])

    @property
    def best(self) -> float:
        """The highest bonus any candidate can get."""
        return max((matching.BIRTH_BONUS[name] for name, _q in self.relations), default=0.0)

    def bonus(self, known: dt.date | None, known_precision: str) -> tuple[float, str]:
        relation = matching.birth_relation(self.typed, self.precision, known, known_precision)
        if self.typed is not None and known is None:
            relation = "unknown"
        return matching.BIRTH_BONUS.get(relation, 0.0), relation

    def order(self) -> list[Any]:
        """Persons with the highest bonus first (none when no date was typed)."""
        if not self.relations:
            return []
        return [ranked([q for _name, q in self.relations])]

    def lifting(self, name_score: float, total: float) -> Q | None:
        """The persons whose bonus could lift a name of ``name_score`` above ``total``: a
        condition (empty: all of them), or None when none could."""
        if name_score > total:
            return Q()
        condition = None
        for name, q in self.relations:
            if name_score + matching.BIRTH_BONUS[name] > total:
                condition = q if condition is None else condition | q
        return condition


def birth_order(birth_date: dt.date | None, precision: str) -> list[Any]:
    """Namesakes in the order ``matching.compare`` weighs their dates of birth against the
    typed one: the relations of ``BirthRanking`` within the typed year, then no date, then
    any other."""
    if birth_date is None:
        return []
    year = Q(birth_date__year=birth_date.year)
    relations = BirthRanking(birth_date, precision).relations
    dated = [q & year for name, q in relations if name != "unknown"]
    return [ranked([*dated, Q(birth_date__isnull=True)]), "pk"]


def ranked(conditions: list[Q]) -> Any:
    """Rows meeting the first condition first, then the second …, then the rest."""
    return Case(
        *(When(q, then=Value(i)) for i, q in enumerate(conditions)),
        default=Value(len(conditions)),
        output_field=IntegerField(),
    ).asc()
