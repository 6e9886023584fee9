"""Reads of persons and households, scoped to what a user may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from lotse.core.access import get_scoped, permitted_municipality_id
from lotse.people.models import Household, Person, ResidenceStatusRecord
from lotse.people.names import name_key, similarity, skeleton

# Trigram similarity from which two names count as the same name.
SAME_NAME_SCORE = 0.9
# How much a date of birth adds to the name's score.
BIRTH_BONUS = {"date": 0.25, "swapped": 0.2, "year": 0.15}
PARTICLES = frozenset({"al", "el", "ul", "de", "da", "di", "der", "van", "von"})
# Every name word has the skeleton of one of the person's names: a likely match.
SAME_SKELETON_SCORE = 0.75
# A candidate above this trigram similarity of the whole name is shown as a possible match.
MATCH_THRESHOLD = 0.45
MAX_CANDIDATES = 2000


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


def search_persons(user: Any, text: str) -> QuerySet[Person]:
    """Persons whose names contain every word of ``text``, or a name of the same skeleton:
    typed in another script or spelling (Иванов, Ivanoff; محمد, Mohammed; Popesku)."""
    queryset = persons_for(user)
    words = name_key(text).split()
    # "El Hassan", "van Dijk": the particle is written in so many ways that it must not decide.
    words = [w for w in words if w not in PARTICLES] or words
    for word in words:
        condition = Q(given_key__contains=word) | Q(family_key__contains=word)
        sound = skeleton(word)
        if len(sound) >= 2:
            condition |= Q(name_skeleton__contains=f" {sound} ")
        queryset = queryset.filter(condition)
    return queryset


@dataclass(frozen=True)
class PossibleMatch:
    person: Person
    score: float
    same_birth: bool
    other_spelling: bool = False
    birth: str = ""  # "date", "year", "swapped" or ""
    name_score: float = 0.0  # the score of the names alone

    @property
    def reason(self) -> str:
        """Why this person is offered, e.g. "same name in another spelling, same year of birth"."""
        if self.name_score >= SAME_NAME_SCORE:
            name = _("same name")
        elif self.other_spelling:
            name = _("same name in another spelling")
        else:
            name = _("similar name")
        birth = {
            "date": _("same date of birth"),
            "year": _("same year of birth"),
            "swapped": _("day and month of birth swapped"),
        }.get(self.birth)
        return f"{name}, {birth}" if birth else str(name)


def birth_relation(person: Person, birth_date: dt.date | None) -> str:
    """How a date of birth typed at intake relates to a person's: the same date, the same
    year (when either knows only the year, or nothing more fits), day and month swapped."""
    known = person.birth_date
    if birth_date is None or known is None or known.year != birth_date.year:
        return ""
    if person.birth_date_precision == "day":
        if known == birth_date:
            return "date"
        if (known.day, known.month) == (birth_date.month, birth_date.day):
            return "swapped"
    return "year"


def possible_duplicates(
    user: Any,
    *,
    given_name: str,
    family_name: str,
    birth_date: dt.date | None = None,
    exclude_pk: Any = None,
    limit: int = 5,
) -> list[PossibleMatch]:
    """Persons of the municipality who may be the same person, best first.

    Candidates share a family-name prefix, a given-name prefix (also swapped), or the year of
    birth; each is scored by trigram similarity of the whole name (either order).
    """
    given, family = name_key(given_name), name_key(family_name)
    if not (given or family):
        return []
    wanted = f"{given} {family}"
    condition = Q()
    for part in (given, family):
        if len(part) >= 2:
            condition |= Q(family_key__startswith=part[:2]) | Q(given_key__startswith=part[:2])
    # The same name in another script or spelling (Иванов / Ivanoff, محمد / Mohammed).
    sounds = [s for s in (skeleton(given), skeleton(family)) if len(s) >= 2]
    for sound in sounds:
        condition |= Q(name_skeleton__contains=f" {sound} ")
    if birth_date is not None:
        condition |= Q(birth_date__year=birth_date.year)
    candidates = persons_for(user).filter(condition)
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    matches = []
    for person in candidates[:MAX_CANDIDATES]:
        score = max(
            similarity(wanted, f"{person.given_key} {person.family_key}"),
            similarity(wanted, f"{person.family_key} {person.given_key}"),
        )
        other_spelling = bool(sounds) and all(f" {s} " in person.name_skeleton for s in sounds)
        if other_spelling:
            score = max(score, SAME_SKELETON_SCORE)
        name_score = score
        birth = birth_relation(person, birth_date)
        score = min(1.0, score + BIRTH_BONUS.get(birth, 0.0))
        if score >= MATCH_THRESHOLD:
            matches.append(
                PossibleMatch(
                    person=person,
                    score=score,
                    same_birth=bool(birth),
                    other_spelling=other_spelling,
                    birth=birth,
                    name_score=name_score,
                )
            )
    matches.sort(key=lambda match: match.score, reverse=True)
    return matches[:limit]
