"""The weights the records themselves say (``matching.Calibration``): counted one record at
a time (``calibrate_records``, the reference), and from the records as arrays
(``calibrate``, ``reach.Coded``): the numbers the blocks are made of anyway, so that grouping
many thousand records costs array operations, not a dictionary entry per record. The same
estimates either way (tests/people/test_calibration.py).
"""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from lotse.people.matching import (
    BIRTH_DIFFERENT,
    CROWDED,
    DEFAULT_CALIBRATION,
    HOUSEHOLD_PLACE,
    MIDPOINTS,
    PRIOR_OFFSET,
    STREET,
    WEIGHTS,
    Calibration,
    Record,
    birth_relation,
    far_apart,
)
from lotse.people.names import skeleton
from lotse.people.places import has_street_name
from lotse.people.reach import Coded, Ints, derived


def calibrate(
    records: Sequence[Record], coded: Coded, population: int | None = None
) -> Calibration:
    """``calibrate_records(records, population)``, counted from ``coded`` (the records as
    ``reach.Vocabulary.code`` gives them)."""
    texts = coded.texts
    named = derived(texts, coded.street, has_street_name, bool)
    mine = np.flatnonzero(
        named & derived(texts, coded.given, bool, bool) & derived(texts, coded.family, bool, bool)
    )
    # The records with the same name keys at the same address, in groups.
    given, family, street = coded.given[mine], coded.family[mine], coded.street[mine]
    order = np.lexsort((street, family, given))
    begins = _begins(given[order], family[order], street[order])
    sizes = np.diff(np.r_[begins, len(order)])
    several = np.flatnonzero(sizes >= 2)  # ``dated_pairs`` leaves out the large ones
    members = mine[order]
    dated, different, far = dated_pairs(
        [records[index] for index in members[begin : begin + size].tolist()]
        for begin, size in zip(begins[several].tolist(), sizes[several].tolist(), strict=True)
    )
    # The given name skeletons of each family name skeleton at an address.
    given_sound, family_sound = (sounds[mine] for sounds in coded.sounds)
    order = np.lexsort((given_sound, street, family_sound))
    family_sound, street, given_sound = family_sound[order], street[order], given_sound[order]
    distinct = _begins(family_sound, street, given_sound)
    places = _begins(family_sound[distinct], street[distinct])
    shared = np.diff(np.r_[places, len(distinct)])
    at = np.bincount(coded.street[named])
    return calibration_of(
        dated=dated,
        different=different,
        far=far,
        shared=shared.tolist(),
        at=at[at > 0].tolist(),
        crowded={
            texts[street]: int(at[street]) for street in np.flatnonzero(at > CROWDED).tolist()
        },
        size=len(records) if population is None else population,
    )


def _begins(*columns: Ints) -> Ints:
    """Where a new value begins in sorted rows of ``columns`` (positions)."""
    size = len(columns[0])
    if not size:
        return np.zeros(0, np.int64)
    new = np.zeros(size, bool)
    new[0] = True
    for column in columns:
        new[1:] |= column[1:] != column[:-1]
    return np.flatnonzero(new)


def calibrate_records(records: Sequence[Record], population: int | None = None) -> Calibration:
    """Estimate ``matching.Calibration`` from the records themselves (see there), one record
    at a time: the reference that ``calibrate`` counts as arrays. ``population``: how
    many records the comparison is among, when ``records`` are only the part of them near
    an import's new rows (the midpoint depends on it)."""
    same_person: dict[tuple[str, str, str], list[Record]] = defaultdict(list)
    families: dict[tuple[str, str], set[str]] = defaultdict(set)
    for record in records:
        if not (has_street_name(record.street) and record.given and record.family):
            continue
        same_person[(record.given, record.family, record.street)].append(record)
        families[(skeleton(record.family), record.street)].add(skeleton(record.given))
    dated, different, far = dated_pairs(same_person.values())
    at = Counter(record.street for record in records if has_street_name(record.street))
    return calibration_of(
        dated=dated,
        different=different,
        far=far,
        shared=[len(givens) for givens in families.values()],
        at=list(at.values()),
        crowded={street: count for street, count in at.items() if count > CROWDED},
        size=len(records) if population is None else population,
    )


def dated_pairs(groups: Iterable[Sequence[Record]]) -> tuple[int, int, int]:
    """Of the pairs in each group of records with the same name keys at the same address
    (of five records at most: a key shared by so many is no one person), how many have
    two related dates of birth to the day, how many of those are unrelated and nearer than
    a generation, and how many are of another generation (``matching.far_apart``: a
    mother and her daughter of the same name, or a careless copy where there are no
    families)."""
    dated = different = far = 0
    for group in groups:
        if len(group) > 5:
            continue
        for first, second in itertools.combinations(group, 2):
            if first.birth_precision == second.birth_precision == "day":
                relation = birth_relation(first.birth_date, "day", second.birth_date, "day")
                if relation == "different" and far_apart(first.birth_date, second.birth_date):
                    far += 1
                elif relation:
                    dated += 1
                    different += relation == "different"
    return dated, different, far


def calibration_of(
    *,
    dated: int,
    different: int,
    far: int,
    shared: Sequence[int],
    at: Sequence[int],
    crowded: Mapping[str, int],
    size: int,
) -> Calibration:
    """``Calibration`` from what ``calibrate_records`` and ``calibrate`` count:
    ``dated_pairs``; for each family name skeleton at an address, how many given name
    skeletons it goes with (``shared``); for each address with a street name, how many
    records are at it (``at``), and by street key where they are more than
    ``matching.CROWDED`` (``crowded``); how many records the comparison is among
    (``size``)."""
    related = DEFAULT_CALIBRATION.related
    if sum(shared) >= 30:
        # The share of addresses where one family name goes with several given names.
        several = sum(count for count in shared if count > 1) / sum(shared)
        related = min(1.0, max(0.0, (several - 0.1) / 0.3))
    # Dates a generation apart are one person written carelessly as far as the records
    # know no families, and relatives as far as they do.
    careless = far * (1.0 - related)
    birth_different = WEIGHTS["birth"][2]
    if dated + careless >= 30:
        low, high = BIRTH_DIFFERENT
        share = (different + careless) / (dated + careless)
        birth_different = min(high, max(low, math.log2(max(share, 0.005))))
    street = DEFAULT_CALIBRATION.street
    named = sum(at)
    crowded_weights: dict[str, float] = {}
    if named >= 100:
        # Of the pairs at one address, those at a flat: crowded addresses weigh on their own.
        flats = (count * (count - 1) for count in at if count <= CROWDED)
        together = sum(flats) / (named * (named - 1))
        low, high = STREET
        street = min(high, max(low, math.log2(0.9 / max(together, 1e-9))))
        # u: the share of the other records at that address.
        crowded_weights = {
            address: max(HOUSEHOLD_PLACE, min(street, math.log2(0.9 * (named - 1) / (count - 1))))
            for address, count in crowded.items()
        }
    low, high = MIDPOINTS
    midpoint = min(high, max(low, math.log2(max(size, 2)) - PRIOR_OFFSET))
    return Calibration(
        birth_different=birth_different,
        related=related,
        street=street,
        midpoint=midpoint,
        crowded=crowded_weights,
    )
