"""Reads of persons and households, scoped to what a user may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Prefetch, Q, QuerySet

from lotse.core.access import get_scoped, permitted_municipality_id
from lotse.people import matching
from lotse.people.enums import PairStatus
from lotse.people.models import (
    DuplicatePair,
    Household,
    Person,
    PersonImport,
    ResidenceStatusRecord,
)
from lotse.people.names import name_key, skeleton

# A candidate from this score on is shown as a possible duplicate at intake.
MATCH_THRESHOLD = 0.3
MAX_CANDIDATES = 5000


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
    )
    return get_scoped(queryset, user, pk, "people.view_person")


def get_household_for(user: Any, pk: Any) -> Household:
    queryset = households_for(user).prefetch_related("members")
    return get_scoped(queryset, user, pk, "people.view_household")


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _word_condition(word: str) -> Q:
    """Persons who may carry this typed word in a name: the same skeleton (another spelling
    or script; every name word's skeleton is stored), or a typo: trigram word similarity on
    PostgreSQL, a name beginning with the same letters on SQLite (an index range, so that
    the embedded database need not scan every name several times)."""
    sound = skeleton(word)
    if _is_postgres():
        condition = Q(given_key__contains=word) | Q(family_key__contains=word)
        condition |= Q(given_key__trigram_word_similar=word) | Q(
            family_key__trigram_word_similar=word
        )
        if len(sound) >= 2:
            condition |= Q(name_skeleton__contains=f" {sound} ")
        return condition
    start = word[:2] if len(word) >= 4 else word
    end = start[:-1] + chr(ord(start[-1]) + 1)
    condition = Q(given_key__gte=start, given_key__lt=end) | Q(
        family_key__gte=start, family_key__lt=end
    )
    if len(sound) >= 2:
        return condition | Q(name_skeleton__contains=f" {sound} ")
    # Too few consonants for a skeleton (Ana, Ion): the word itself, anywhere in a name.
    return condition | Q(given_key__contains=word) | Q(family_key__contains=word)


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
    order. A date of birth narrows to the same year and ranks the same date, day and month
    swapped, then the year."""
    words = matching.words_of(name_key(text))
    if not words:
        return []
    candidates = persons_for(user)
    for word in words:
        candidates = candidates.filter(_word_condition(word))
    if birth_date is not None:
        candidates = candidates.filter(birth_date__year=birth_date.year)
    scored: list[tuple[float, tuple[str, ...], Any]] = []
    for row in candidates.values_list(*RECORD_FIELDS, "birth_date_precision")[:MAX_CANDIDATES]:
        record = _record(row[:5], row[5])
        found = matching.match_text(words, record)
        if not found.how:
            continue
        codes = [f"name:{found.how}"]
        score = found.score
        birth = matching.birth_relation(
            birth_date, birth_date_precision, record.birth_date, record.birth_precision
        )
        if birth:
            codes.append(f"birth:{birth}")
            score += matching.BIRTH_BONUS.get(birth, 0.0)
        scored.append((score, tuple(codes), row[0]))
    scored.sort(key=lambda item: -item[0])
    scored = scored[:limit]
    persons = _by_pk([pk for _score, _codes, pk in scored])
    return [Found(persons[pk], min(1.0, score), codes) for score, codes, pk in scored]


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


def possible_duplicates(
    user: Any,
    *,
    given_name: str,
    family_name: str,
    birth_date: dt.date | None = None,
    birth_date_precision: str = "day",
    exclude_pk: Any = None,
    limit: int = 5,
) -> list[PossibleMatch]:
    """Persons of the municipality who may be the same person, best first (the warning at
    intake and on edit). Candidates share a name's first letters or skeleton (either order),
    a similar name (PostgreSQL), or the year of birth; ``matching.compare`` scores them."""
    given, family = name_key(given_name), name_key(family_name)
    if not (given or family):
        return []
    condition = Q()
    for part in (given, family):
        if len(part) >= 2:
            condition |= Q(family_key__startswith=part[:2]) | Q(given_key__startswith=part[:2])
        for word in matching.words_of(part):
            sound = skeleton(word)
            if len(sound) >= 2:
                condition |= Q(name_skeleton__contains=f" {sound} ")
            if _is_postgres() and len(word) >= 3:
                condition |= Q(family_key__trigram_word_similar=word) | Q(
                    given_key__trigram_word_similar=word
                )
    if birth_date is not None:
        condition |= Q(birth_date__year=birth_date.year)
    candidates = persons_for(user).filter(condition)
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    wanted = matching.Record(given, family, "", birth_date, birth_date_precision)
    scored = []
    for row in candidates.values_list(*RECORD_FIELDS, "birth_date_precision")[:MAX_CANDIDATES]:
        evidence = matching.compare(wanted, _record(row[:5], row[5]))
        if evidence.score >= MATCH_THRESHOLD:
            scored.append((evidence, row[0]))
    scored.sort(key=lambda item: -item[0].score)
    scored = scored[:limit]
    persons = _by_pk([pk for _evidence, pk in scored])
    return [PossibleMatch(persons[pk], evidence) for evidence, pk in scored]


def duplicate_pairs_for(user: Any) -> QuerySet[DuplicatePair]:
    """Open pairs of possible duplicates of the user's municipality, best first."""
    municipality_id = permitted_municipality_id(user, "people.review_duplicates")
    if municipality_id is None:
        return DuplicatePair.objects.none()
    return DuplicatePair.objects.filter(
        municipality_id=municipality_id, status=PairStatus.OPEN
    ).select_related("first", "second")


def get_pair_for(user: Any, pk: Any) -> DuplicatePair:
    return get_scoped(duplicate_pairs_for(user), user, pk, "people.review_duplicates")


def open_pair_count(user: Any) -> int | None:
    """How many pairs wait for review (for those who may start the detection)."""
    municipality_id = permitted_municipality_id(user, "people.detect_duplicates")
    if municipality_id is None:
        return None
    return DuplicatePair.objects.filter(
        municipality_id=municipality_id, status=PairStatus.OPEN
    ).count()


def imports_for(user: Any) -> QuerySet[PersonImport]:
    municipality_id = permitted_municipality_id(user, "people.import_person")
    if municipality_id is None:
        return PersonImport.objects.none()
    return PersonImport.objects.filter(municipality_id=municipality_id)


def get_import_for(user: Any, pk: Any) -> PersonImport:
    return get_scoped(imports_for(user), user, pk, "people.view_personimport")
