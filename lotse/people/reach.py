"""Whether two records could reach a score at all: a cheap upper bound of ``matching.compare``.

The bulk detection and the import meet hundreds of thousands of pairs in their blocks, and
almost none of them are one person. ``Reach`` tells those apart from what is cheap to know
(the best level each name could match at, the date of birth, the place at its best) before
``compare`` weighs the names. See docs/decisions/0012-name-matching.md.

``Reach`` is made once for many pairs with one ``share`` and ``calibration``: what depends on
one name alone (its weights) or on two names (the best level they could match at) is worked
out once, and the common pair of unrelated dates of birth is told apart without comparing
digits.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping

from rapidfuzz.distance import JaroWinkler

from lotse.people.matching import (
    BIRTH_DIFFERENT,
    STREET,
    SWAPPED_NAMES,
    TYPO,
    WEIGHTS,
    Calibration,
    Record,
    birth_relation,
    birth_weight,
    field_skeletons,
    field_weight,
    name_words,
    place_weight,
)

MISSING = 3  # a level for an empty name field: it adds nothing (``matching._name_weight``)
MAX_LEVELS = 500_000  # pairs of names remembered (a million persons meet millions)


class Reach:
    """``reach(a, b)``: whether records ``a`` and ``b`` could reach the evidence ``weight``
    that ``compare`` sums with ``share`` and ``calibration``; never False for a pair that
    ``compare`` gives at least that weight (tests/people/test_matching_bound.py)."""

    def __init__(
        self,
        weight: float,
        share: Mapping[str, float] | None = None,
        calibration: Calibration | None = None,
    ) -> None:
        self.weight = weight
        self.share = share
        if calibration is None:
            self.street, different = STREET[1], BIRTH_DIFFERENT[1]
        else:
            self.street, different = calibration.street, calibration.birth_different
        self.births = {
            relation: birth_weight(relation, different)
            for relation in ("", "date", "swapped", "digit", "year", "different")
        }
        self.levels: dict[tuple[str, str], int] = {}
        # The weight of a name field by level (0, 1, 2 and MISSING), per name key.
        self.weights: dict[str, dict[str, tuple[float, float, float, float]]] = {
            "given": {},
            "family": {},
        }

    def __call__(self, a: Record, b: Record) -> bool:
        fixed = self._birth(a, b)
        if len(a.phone) >= 6 and a.phone == b.phone:
            fixed += WEIGHTS["phone"][0]
        best_place = (
            (self.street if a.street and b.street else 0.0)
            + (WEIGHTS["postcode"][0] if a.postcode and b.postcode else 0.0)
            + (WEIGHTS["city"][0] if a.city and b.city else 0.0)
        )
        # What the names must add with the place at its best; a name field's level is
        # worked out only while the names could still add that much.
        needed = self.weight - fixed - best_place
        given = self._weights("given", b.given)
        family = self._weights("family", b.family)
        if given[0] + family[0] < needed:  # both agreeing, in either order, fall short
            return False
        names = self._order(a.given, a.family, b, given, family, needed=needed)
        names = max(
            names,
            self._order(a.family, a.given, b, given, family, needed=needed - SWAPPED_NAMES)
            + SWAPPED_NAMES,
        )
        if names < needed:
            return False
        return names + fixed + max(place_weight(a, b, self.street), 0.0) >= self.weight

    def _order(
        self,
        first: str,
        second: str,
        b: Record,
        given: tuple[float, float, float, float],
        family: tuple[float, float, float, float],
        *,
        needed: float,
    ) -> float:
        """The most ``first`` and ``second`` as given and family name can add against ``b``
        (``compare_names`` in one order); ``-inf`` as soon as they cannot add ``needed``."""
        weight = given[self._level(first, b.given)]
        if weight + family[0] < needed:
            return -math.inf
        return weight + family[self._level(second, b.family)]

    def _level(self, typed: str, key: str) -> int:
        level = self.levels.get((typed, key))
        if level is None:
            if len(self.levels) >= MAX_LEVELS:
                self.levels.clear()
            level = best_level(typed, key) if typed and key else MISSING
            self.levels[(typed, key)] = level
        return level

    def _weights(self, field_name: str, key: str) -> tuple[float, float, float, float]:
        known = self.weights[field_name]
        weights = known.get(key)
        if weights is None:
            if key:
                zero, near, disagree = (
                    field_weight(field_name, level, key, self.share) for level in range(3)
                )
                weights = (zero, near, disagree, 0.0)
            else:
                weights = (0.0, 0.0, 0.0, 0.0)
            known[key] = weights
        return weights

    def _birth(self, a: Record, b: Record) -> float:
        """``birth_weight`` of ``birth_relation``, with the digits compared only where one
        part of the dates differs (the other relations follow from the parts)."""
        first, second = a.birth_date, b.birth_date
        if first is None or second is None:
            return 0.0
        if a.birth_precision != "day" or b.birth_precision != "day":
            return self.births["year" if first.year == second.year else "different"]
        if first == second:
            return self.births["date"]
        differ = (
            (first.year != second.year) + (first.month != second.month) + (first.day != second.day)
        )
        if differ == 1:  # perhaps one digit off
            return self.births[birth_relation(first, "day", second, "day")]
        if first.year == second.year and (first.day, first.month) == (second.month, second.day):
            return self.births["swapped"]
        return self.births["different"]


def could_reach(
    a: Record,
    b: Record,
    weight: float,
    share: Mapping[str, float] | None = None,
    calibration: Calibration | None = None,
) -> bool:
    """``Reach`` for one pair."""
    return Reach(weight, share, calibration)(a, b)


@functools.lru_cache(maxsize=100_000)
def _tokens(key: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """The words a name field is matched by (``name_words``) and their skeletons (marked
    with a leading space, as no word has one), and the words alone."""
    words = tuple(name_words(key))
    return frozenset(words) | {f" {sound}" for sound in field_skeletons(key).split()}, words


def best_level(first: str, second: str) -> int:
    """The best level (``matching._level``) two non-empty name fields could match at in
    ``matching._symmetric``, from cheap facts; never better than ``_symmetric`` finds.

    0 (the same or another spelling) needs a word or a word's skeleton in common; 1 (a typo
    or the beginning) needs a word of one that begins another (two letters at least) or is
    as similar as a typo (Jaro-Winkler, the words of a compound also joined). Otherwise 2.
    """
    tokens_a, words_a = _tokens(first)
    tokens_b, words_b = _tokens(second)
    if not tokens_a.isdisjoint(tokens_b):
        return 0
    for word in words_a:
        for other in words_b:
            if (len(word) >= 2 and other.startswith(word)) or (
                len(other) >= 2 and word.startswith(other)
            ):
                return 1
            if JaroWinkler.normalized_similarity(word, other) >= TYPO:
                return 1
    return 2
