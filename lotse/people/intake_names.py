"""Which distinct names (``PersonName``) the duplicate warning scores (``queries.
possible_duplicates``): those whose name evidence could reach the warning's weight.

The warning weighs names with the fixed weights (``matching.field_weight`` without shares):
a field that agrees (the same or another spelling) adds most, one that is near (a typo, the
beginning) less, an empty field nothing. So which levels of the given and the family name
together can reach the weight needed is known before any name is read (``reachable``):
with a date of birth both names near will do, or a family name agreeing where a given name
is empty; without one a name must agree and the other be near. Only names meeting such a
pair are read: a name agreeing in one field (the other is not narrowed,
``_agreeing_alone``), or, with a date of birth, near in both. Before, any name near in one
of the two fields was read and scored: among the names of a real municipality (73,520
distinct names for 100,000 persons in the realistic bench file) Mohammad or Ahmadi alone
met thousands of them, and the warning took 101 ms in the median and 303 ms at the 95th
percentile on PostgreSQL, 271 and 563 ms on SQLite (``bench/intake_migrants.py``).

The condition for "agrees" holds every name that agrees: a typed word's skeleton among the
name's skeletons, or the word in a key where it has too few consonants for a skeleton.
The one for "near" is what the warning's single condition was before: a key beginning
with the word's first two letters or, on PostgreSQL, a similar word by trigrams; it misses
a typo elsewhere (Ktistina on SQLite), as before, but now a name near in both fields must
meet it in both. Of 2,200 warnings on the realistic file's rows (2,000 known persons as
another office wrote them, 200 new), two offered fewer persons than before: three names
near in both fields, at a score of 0.5 (Hanan Al-Omar for Adnan Al-Masri); the right
person was offered as often as before. What the conditions let through is scored as
before.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from django.db import connection
from django.db.models import Q

from lotse.people import matching
from lotse.people.names import skeleton

AGREE, NEAR, OTHER, MISSING = 0, 1, 2, 3
_NOTHING = Q(pk__in=[])


def reachable(*, typed: tuple[bool, bool], needed: float) -> set[tuple[int, int, bool]]:
    """The (given level, family level, swapped) of a stored name whose fixed weights reach
    ``needed`` (``matching.compare_names``: the names as written, or read the other way
    round at ``matching.SWAPPED_NAMES``). ``typed``: whether a given and a family name were
    typed (a field typed empty is MISSING against every name)."""
    found = set()
    for swapped in (False, True):
        # The typed field compared with the stored given and family name, in this order.
        sides = (typed[1], typed[0]) if swapped else typed
        for given, family in itertools.product((AGREE, NEAR, OTHER, MISSING), repeat=2):
            if (not sides[0] and given != MISSING) or (not sides[1] and family != MISSING):
                continue
            weight = _weight("given", given) + _weight("family", family)
            if swapped:
                weight += matching.SWAPPED_NAMES
            if weight >= needed:
                found.add((given, family, swapped))
    return found


def _agreeing_alone(level: tuple[int, int, bool]) -> tuple[int, int, bool]:
    """Where one name agrees and the other is near, the other is not narrowed: the near
    condition misses the scoring's typos beyond the first two letters and the trigrams
    (Iliescu in Mihailescu), and every name agreeing in one field was read before."""
    given, family, swapped = level
    if (given, family) == (AGREE, NEAR):
        return AGREE, OTHER, swapped
    if (given, family) == (NEAR, AGREE):
        return OTHER, AGREE, swapped
    return level


def _loosest(levels: set[tuple[int, int, bool]]) -> list[tuple[int, int, bool]]:
    """The pairs of levels whose conditions hold those of the others: a name meeting a
    level meets every looser one (AGREE, NEAR, OTHER), so (AGREE, NEAR) adds nothing to
    (NEAR, NEAR); an empty field (MISSING) is a condition of its own. The agreeing and
    near conditions look at both keys, so a pair read the other way round is the same
    condition as the pair of its levels turned round."""

    def covers(loose: tuple[int, int, bool], tight: tuple[int, int, bool]) -> bool:
        return all(
            a == b or (MISSING not in (a, b) and a >= b)
            for a, b in zip(loose[:2], tight[:2], strict=True)
        ) and (loose[2] == tight[2] or MISSING not in (*loose[:2], *tight[:2]))

    def turned(level: tuple[int, int, bool]) -> tuple[int, int, bool]:
        return (level[1], level[0], False) if level[2] and MISSING not in level[:2] else level

    found = sorted({turned(level) for level in levels})
    return [
        level
        for level in found
        if not any(other != level and covers(other, level) for other in found)
    ]


def _weight(field: str, level: int) -> float:
    return 0.0 if level == MISSING else matching.field_weight(field, level, "", None)


def condition(given: str, family: str, *, needed: float) -> Q:
    """Names (``PersonName``) whose evidence against the typed keys ``given`` and ``family``
    could reach ``needed`` (``reachable``), and names that may carry the typed name among a
    person's other names (``aliases.may_be_alias``: every typed skeleton among theirs)."""
    # The typed words that decide, a name of several words also as one (Al Khatib: khatib
    # and alkhatib), as the stored ones are.
    words = (matching.name_words(given), matching.name_words(family))
    result = _NOTHING
    levels = {
        _agreeing_alone(level)
        for level in reachable(typed=(bool(given), bool(family)), needed=needed)
    }
    for given_level, family_level, swapped in _loosest(levels):
        # The stored given name meets the typed family name where swapped, and so on.
        stored_given, stored_family = (words[1], words[0]) if swapped else words
        result |= _meets(stored_given, given_level, "given_key") & _meets(
            stored_family, family_level, "family_key"
        )
    sounds = [sound for word in (*words[0], *words[1]) if len(sound := skeleton(word)) >= 2]
    if sounds:
        every = Q()
        for sound in sounds:
            every &= Q(name_skeleton__contains=f" {sound} ")
        result |= every
    return result


def _meets(words: list[str], level: int, stored: str) -> Q:
    """Names whose ``stored`` key may match the typed ``words`` at ``level`` or better. The
    agreeing and near conditions look at both keys (a superset: the skeletons of both are
    stored together); an empty field is that key empty."""
    if level == MISSING:
        return Q(**{stored: ""})
    if level == OTHER:
        return Q()
    return _agree(words) if level == AGREE else _near(words)


def _agree(words: Iterable[str]) -> Q:
    condition = _NOTHING
    for word in words:
        sound = skeleton(word)
        if len(sound) >= 2:
            condition |= Q(name_skeleton__contains=f" {sound} ")
        else:  # too few consonants for a stored skeleton (Ali, Ion): the word itself
            condition |= Q(given_key__contains=word) | Q(family_key__contains=word)
    return condition


def _near(words: list[str]) -> Q:
    """``_agree``, or a key beginning with the word's first two letters, or (PostgreSQL) a
    similar word by trigrams."""
    condition = _agree(words)
    postgres = connection.vendor == "postgresql"
    for word in words:
        start = word[:2]
        if start:
            condition |= Q(given_key__startswith=start) | Q(family_key__startswith=start)
        if postgres and len(word) >= 3:
            condition |= Q(given_key__trigram_word_similar=word) | Q(
                family_key__trigram_word_similar=word
            )
    return condition
