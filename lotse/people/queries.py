"""Reads of persons and households, scoped to what a user may see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from lotse.core.access import get_scoped, permitted_municipality_id
from lotse.people import aliases, birth_ranking, intake_names, matching, typed_names
from lotse.people.enums import UNDECIDED, DatePrecision, PairStatus
from lotse.people.models import (
    DuplicatePair,
    Household,
    Person,
    PersonImport,
    PersonName,
    PersonSource,
    ResidenceStatusRecord,
)
from lotse.people.names import name_key, name_keys

# A candidate from this score on is shown as a possible duplicate at intake.
MATCH_THRESHOLD = 0.3


def persons_for(user: Any) -> QuerySet[Person]:
    municipality_id = permitted_municipality_id(user, "people.list_person")
    if municipality_id is None:
        return Person.objects.none()
    return Person.objects.filter(municipality_id=municipality_id).select_related("household")


def households_for(user: Any) -> QuerySet[Household]:
    municipality_id = permitted_municipality_id(user, "people.list_person")
    if municipality_id is None:
        return Household.objects.none()
    return Household.objects.filter(municipality_id=municipality_id)


def get_person_for(user: Any, pk: Any) -> Person:
    queryset = persons_for(user).prefetch_related(
        "languages",
        Prefetch(
            "residence_history",
            queryset=ResidenceStatusRecord.objects.order_by("-valid_from", "-recorded_at"),
        ),
        "insurance_history",
        Prefetch("sources", queryset=PersonSource.objects.order_by("source", "external_id")),
    )
    return get_scoped(queryset, user, pk, "people.view_person")


def get_household_for(user: Any, pk: Any) -> Household:
    queryset = households_for(user).prefetch_related("members")
    return get_scoped(queryset, user, pk, "people.view_household")


def _by_pk(pks: list[Any]) -> dict[Any, Person]:
    """Persons by primary key, for keys that came from a scoped query (looked up by key
    alone: SQLite would otherwise walk the municipality's index)."""
    return Person.objects.select_related("household").in_bulk(pks)


RECORD_FIELDS = ("pk", "given_key", "family_key", "name_skeleton", "birth_date")


def _record(row: tuple[Any, ...], precision: str) -> matching.Record:
    _pk, given, family, skeletons, birth = row
    return matching.Record(given, family, skeletons, birth, precision)


@dataclass(frozen=True)
class Found:
    """A person found by the search, with how well and why."""

    person: Person
    score: float
    codes: tuple[str, ...]

    @property
    def reason(self) -> str:
        return matching.describe(list(self.codes))


# The search scores names, not persons: every namesake (the same keys and skeleton) gets the
# same name score, so each distinct name is scored once and its persons are then taken best
# first by their date of birth. Names with few persons are fetched together, up to this many
# rows (and names) in one query.
NAME_FIELDS = ("given_key", "family_key", "name_skeleton")
BATCH_ROWS = 200
BATCH_NAMES = 50


class _Page:
    """The best ``limit`` persons seen so far, by name score plus birth bonus."""

    def __init__(self, keys: list[str], birth: birth_ranking.BirthRanking, limit: int) -> None:
        self.birth, self.limit = birth, limit
        # The ways to read the typed name (``typed_names.readings`` of each of its keys:
        # ``names.name_keys``), and the name as typed, with its particles
        # (``typed_names.closeness``).
        self.readings = list(
            dict.fromkeys(r for key in keys for r in typed_names.readings(key.split()))
        )
        self.typed = tuple(keys[0].split())
        self.hits: list[tuple[float, tuple[bool, float], tuple[str, ...], Any]] = []
        self.seen: set[Any] = set()

    def add(self, rows: Any) -> None:
        """Score rows of NAME_FIELDS, pk, birth_date, birth_date_precision."""
        for given, family, skeletons, pk, birth_date, precision in rows:
            if pk in self.seen:
                continue
            self.seen.add(pk)
            found = typed_names.best_match(self.readings, given, family, skeletons)
            if not found.how:
                continue
            bonus, relation = self.birth.bonus(birth_date, precision)
            codes = (
                (f"name:{found.how}", f"birth:{relation}") if relation else (f"name:{found.how}",)
            )
            tie = typed_names.tie_order(self.typed, given, family)
            self.hits.append((found.score + bonus, tie, codes, pk))
        # Equal scores: the name written more like the typed one first; then stable,
        # earlier tiers first.
        self.hits.sort(key=lambda hit: (-hit[0], hit[1]))
        del self.hits[self.limit :]

    @property
    def lowest(self) -> float | None:
        """The score a person must beat to enter the page (None: there is room)."""
        return self.hits[-1][0] if len(self.hits) >= self.limit else None

    def settled(self, best_possible: float) -> bool:
        """Whether no one scoring at most ``best_possible`` could enter the page."""
        lowest = self.lowest
        return lowest is not None and lowest >= best_possible


def _matching_names(
    page: _Page, municipality_id: Any, exact: set[tuple[str, str]]
) -> list[tuple[float, tuple[str, str, str], int]]:
    """The distinct names of the municipality that match a reading of the typed name
    (``typed_names.readings``), best first (of equal scores, the one written more like the
    typed: ``closeness``), each with its score and how many persons bear it."""
    candidates = PersonName.objects.filter(
        typed_names.names_condition(page.readings),
        municipality_id=municipality_id,
        persons__gt=0,
    )
    names = []
    for given, family, skeletons, persons in candidates.values_list(*NAME_FIELDS, "persons"):
        if typed_names.is_exact(given, family, exact):
            continue
        found = typed_names.best_match(page.readings, given, family, skeletons)
        if found.how:
            names.append((found.score, (given, family, skeletons), persons))
    typed = page.typed

    def order(name: tuple[float, tuple[str, str, str], int]) -> tuple[Any, ...]:
        return -name[0], typed_names.tie_order(typed, *name[1][:2]), name[1]

    names.sort(key=order)
    return names


ROW_FIELDS = (*NAME_FIELDS, "pk", "birth_date", "birth_date_precision")


def _fill(
    page: _Page,
    scope: QuerySet[Person],
    municipality_id: Any,
    names: list[tuple[float, tuple[str, str, str], int]],
) -> None:
    """Add the persons of the names (best first) until no further name could enter. (Each
    name's condition names the municipality, as in ``typed_names.exact_names``.)"""
    start = 0
    while start < len(names) and not page.settled(names[start][0] + page.birth.best):
        batch, rows = [names[start][1]], names[start][2]
        start += 1
        # Names with few persons together; one with more than the page alone, and only the
        # best of its persons by birth (they share the name's score).
        while (
            rows <= page.limit
            and start < len(names)
            and len(batch) < BATCH_NAMES
            and names[start][2] <= page.limit
            and rows + names[start][2] <= BATCH_ROWS
        ):
            batch.append(names[start][1])
            rows += names[start][2]
            start += 1
        condition = Q()
        for given, family, skeletons in batch:
            condition |= Q(
                municipality_id=municipality_id,
                given_key=given,
                family_key=family,
                name_skeleton=skeletons,
            )
        persons = scope.filter(condition).values_list(*ROW_FIELDS)
        if len(batch) == 1 and rows > page.limit:
            persons = persons.order_by(*page.birth.order())[: page.limit]
        page.add(persons)


def search_persons(
    user: Any,
    text: str,
    *,
    birth_date: dt.date | None = None,
    birth_date_precision: str = "day",
    limit: int = 50,
) -> list[Found]:
    """Persons whose names match every typed word, best first: the same word, its beginning,
    another spelling or script (Иванов, Ivanoff; محمد, Mohammed; Popesku), or a typo; in any
    order. A date of birth narrows to the same year and the persons without one (who may be
    the person all the same), and ranks the same date, day and month swapped, then the
    year, then no date of birth recorded. A particle typed (Al-Hassan, de Souza) must be
    there for the same name; without it the name is another spelling (Hassan, Souza).

    In tiers, so that thousands of namesakes cost little: first the persons whose name keys
    are the typed words (an index lookup; no name matches better), then the other matching
    names (``PersonName``: each distinct name once), best first, with their persons, until
    nothing left could enter the page."""
    keys = name_keys(text)
    typed = keys[0].split()
    words = matching.words_of(" ".join(typed))
    municipality_id = permitted_municipality_id(user, "people.list_person")
    if not words or limit < 1 or municipality_id is None:
        return []
    # Not filtered by the municipality here: every name condition below names it, in each
    # of its alternatives (see ``typed_names.exact_names``).
    scope = Person.objects.all()
    if birth_date is not None:
        scope = scope.filter(Q(birth_date__year=birth_date.year) | Q(birth_date__isnull=True))
    birth = birth_ranking.BirthRanking(birth_date, birth_date_precision)
    page = _Page(keys, birth, limit)

    exact, splits = typed_names.exact_names(words, municipality_id)
    page.add(scope.filter(exact).order_by(*birth.order()).values_list(*ROW_FIELDS)[:limit])
    if page.settled(matching.SAME + birth.best):
        return _found(page)
    lowest = page.lowest
    if lowest is not None:  # only a better date of birth could still enter the page
        lifting = birth.lifting(matching.SAME, lowest)
        if lifting is None:
            return _found(page)
        scope = scope.filter(lifting)
    # The persons of an exact name who could enter the page are there already.
    _fill(page, scope, municipality_id, _matching_names(page, municipality_id, splits))
    return _found(page)


def _found(page: _Page) -> list[Found]:
    persons = _by_pk([pk for _score, _close, _codes, pk in page.hits])
    return [Found(persons[pk], min(1.0, score), codes) for score, _close, codes, pk in page.hits]


@dataclass(frozen=True)
class PossibleMatch:
    person: Person
    evidence: matching.Evidence

    @property
    def score(self) -> float:
        return self.evidence.score

    @property
    def reason(self) -> str:
        """Why this person is offered, e.g. "same name in another spelling, same year of birth"."""
        return self.evidence.reason


# The values that make a person like another: a change of others warns of no one.
WATCHED = (
    "given_name",
    "family_name",
    "birth_date",
    "birth_date_precision",
    "name_original",
    "other_names",
)


def possible_duplicates_of(
    user: Any, fields: Mapping[str, Any], *, person: Person | None = None
) -> list[PossibleMatch]:
    """The warning of the intake (``fields`` of a new person) and of an edit (``fields``
    as ``person`` would be after it; no one where no name or date of birth changes, so
    that saving a phone number stays as fast as it was): ``possible_duplicates`` of the
    name, and of each other name (the original script, also known as) that is new, best
    first."""
    after = {name: fields.get(name, getattr(person, name, None)) for name in WATCHED}
    if person is not None and all(after[name] == getattr(person, name) for name in WATCHED):
        return []
    names = [(after["given_name"] or "", after["family_name"] or "")]
    known = (
        []
        if person is None
        else aliases.names_of(person.name_original, person.other_names, given=person.given_name)
    )
    own = (name_key(names[0][0]), name_key(names[0][1]))
    names += [
        name
        for name in aliases.names_of(
            after["name_original"] or "", after["other_names"] or "", given=names[0][0]
        )
        if name not in known and name != own
    ][: aliases.LOOKED_FOR]
    exclude = [] if person is None else [person.pk, *_rejected_with(person)]
    found: dict[Any, PossibleMatch] = {}
    for given, family in names:
        for match in possible_duplicates(
            user,
            given_name=given,
            family_name=family,
            birth_date=after["birth_date"],
            birth_date_precision=after["birth_date_precision"] or DatePrecision.DAY,
            exclude=exclude,
        ):
            best = found.get(match.person.pk)
            if best is None or match.evidence.score > best.evidence.score:
                found[match.person.pk] = match
    ranked = sorted(found.values(), key=lambda match: (-match.evidence.score, str(match.person.pk)))
    return ranked[:5]


def _rejected_with(person: Person) -> list[Any]:
    """The persons a reviewer said ``person`` is not (a rejected pair): an edit does not
    offer them again."""
    pairs = DuplicatePair.objects.filter(
        Q(first=person) | Q(second=person), status=PairStatus.REJECTED
    ).values_list("first_id", "second_id")
    return [second if first == person.pk else first for first, second in pairs]


def possible_duplicates(
    user: Any,
    *,
    given_name: str,
    family_name: str,
    birth_date: dt.date | None = None,
    birth_date_precision: str = "day",
    exclude: Collection[Any] = (),
    limit: int = 5,
) -> list[PossibleMatch]:
    """Persons of the municipality who may be the same person, best first (the warning at
    intake and on edit), scored by ``matching.compare``.

    Looked for among the distinct names (``PersonName``), as the search does: names whose
    name evidence could reach ``MATCH_THRESHOLD`` with the date of birth
    (``intake_names``); then the best of their persons by date of birth. Persons born on the
    typed date (or with day and month swapped) are taken whatever their names, as the same
    date lifts even a name written quite otherwise. A person's other names (the original
    script, also known as) are compared too, and the best of them counts (``aliases``)."""
    given, family = name_key(given_name), name_key(family_name)
    municipality_id = permitted_municipality_id(user, "people.list_person")
    if not (given or family) or municipality_id is None:
        return []
    wanted = matching.Record(given, family, "", birth_date, birth_date_precision)
    needed = matching.needed_weight(MATCH_THRESHOLD)
    # Not filtered by the municipality for the names' persons: each name's condition names
    # it (``_persons_of_names``), so that SQLite looks each name up in the name index.
    everywhere = Person.objects.exclude(pk__in=exclude) if exclude else Person.objects.all()
    scope = everywhere.filter(municipality_id=municipality_id)
    rows: list[tuple[Any, ...]] = []
    other_birth = 0.0  # the most a date of birth adds beyond the dates taken here
    if birth_date is not None:
        other_birth = max(matching.BIRTH_DIGIT, matching.BIRTH_YEAR)
        if birth_date_precision == "day":
            dates = [
                day for day in (birth_date, birth_ranking.swapped(birth_date)) if day is not None
            ]
            same_day = scope.filter(birth_date_precision="day", birth_date__in=dates)
            rows.extend(same_day.values_list(*_WARNING_FIELDS))
    names = []
    candidates = PersonName.objects.filter(municipality_id=municipality_id, persons__gt=0)
    # The names that could reach the weight with the most the date of birth adds beyond
    # the persons taken above.
    condition = intake_names.condition(given, family, needed=needed - other_birth)
    for name in candidates.filter(condition).values_list(*NAME_FIELDS, "persons"):
        weight = matching.compare_names(wanted, matching.Record(*name[:3]))[2]
        if weight + other_birth >= needed or aliases.may_be_alias(wanted, *name[:3]):
            names.append((weight, name[:3], name[3]))
    names.sort(key=lambda name: (-name[0], name[1]))
    rows.extend(
        _persons_of_names(
            everywhere,
            municipality_id,
            names,
            birth_date=birth_date,
            precision=birth_date_precision,
            limit=limit,
        )
    )
    scored: dict[Any, matching.Evidence] = {}
    for row in rows:
        evidence = max(
            (matching.compare(wanted, record) for record in _records(row)),
            key=lambda found: found.score,
        )
        if evidence.score >= MATCH_THRESHOLD:
            scored[row[0]] = evidence
    best = sorted(scored.items(), key=lambda item: (-item[1].score, str(item[0])))[:limit]
    persons = _by_pk([pk for pk, _evidence in best])
    return [PossibleMatch(persons[pk], evidence) for pk, evidence in best]


# What the warning reads of a person: its record, and its other names (``aliases``).
_WARNING_FIELDS = (*RECORD_FIELDS, "birth_date_precision", "name_original", "other_names")


def _records(row: tuple[Any, ...]) -> list[matching.Record]:
    """A row of _WARNING_FIELDS as the person's records under each of its names."""
    return aliases.records(_record(row[:5], row[5]), row[6], row[7])


def _persons_of_names(
    everywhere: QuerySet[Person],
    municipality_id: Any,
    names: list[tuple[float, tuple[str, str, str], int]],
    *,
    birth_date: dt.date | None,
    precision: str,
    limit: int,
) -> list[tuple[Any, ...]]:
    """The persons of the names: all of those borne by few, the best ``limit`` by date of
    birth of a name borne by more (namesakes differ only there)."""
    order = birth_ranking.birth_order(birth_date, precision)
    rows: list[tuple[Any, ...]] = []
    fields = _WARNING_FIELDS
    few = [keys for _weight, keys, persons in names if persons <= limit]
    for start in range(0, len(few), BATCH_NAMES):
        condition = Q()
        for given, family, skeletons in few[start : start + BATCH_NAMES]:
            condition |= Q(
                municipality_id=municipality_id,
                given_key=given,
                family_key=family,
                name_skeleton=skeletons,
            )
        rows.extend(everywhere.filter(condition).values_list(*fields))
    for _weight, (given, family, skeletons), persons in names:
        if persons > limit:
            namesakes = everywhere.filter(
                municipality_id=municipality_id,
                given_key=given,
                family_key=family,
                name_skeleton=skeletons,
            )
            rows.extend(namesakes.order_by(*order).values_list(*fields)[:limit])
    return rows


def duplicate_pairs_for(user: Any) -> QuerySet[DuplicatePair]:
    """The pairs of possible duplicates of the user's municipality still to be decided, best
    first: open ones, and those a coordinator confirmed (the same person), which wait to be
    merged."""
    municipality_id = permitted_municipality_id(user, "people.review_duplicates")
    if municipality_id is None:
        return DuplicatePair.objects.none()
    return DuplicatePair.objects.filter(
        municipality_id=municipality_id, status__in=UNDECIDED
    ).select_related("first", "second", "decided_by")


def get_pair_for(user: Any, pk: Any) -> DuplicatePair:
    return get_scoped(duplicate_pairs_for(user), user, pk, "people.review_duplicates")


def open_pair_count(user: Any) -> dict[str, int] | None:
    """How many pairs wait for review (``open``) and how many confirmed ones wait to be
    merged (``confirmed``), for those who may start the detection."""
    municipality_id = permitted_municipality_id(user, "people.detect_duplicates")
    if municipality_id is None:
        return None
    counts = dict(
        DuplicatePair.objects.filter(municipality_id=municipality_id, status__in=UNDECIDED)
        .order_by()
        .values_list("status")
        .annotate(number=Count("pk"))
    )
    return {status: counts.get(status, 0) for status in UNDECIDED}


def imports_for(user: Any) -> QuerySet[PersonImport]:
    municipality_id = permitted_municipality_id(user, "people.import_person")
    if municipality_id is None:
        return PersonImport.objects.none()
    return PersonImport.objects.filter(municipality_id=municipality_id)


def get_import_for(user: Any, pk: Any) -> PersonImport:
    return get_scoped(imports_for(user), user, pk, "people.view_personimport")
