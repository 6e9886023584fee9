"""The weights the records themselves say (``matching.calibrate``), counted from the records
as arrays (``reach.Coded``): the numbers the blocks are made of anyway, so that grouping
many thousand records costs array operations, not a dictionary entry per record. The same
estimates as ``matching.calibrate`` (tests/people/test_calibration.py).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from lotse.people.matching import (
    Calibration,
    Record,
    calibration_of,
    dated_pairs,
    has_street_name,
)
from lotse.people.reach import Coded, Ints, derived


def calibrate(
    records: Sequence[Record], coded: Coded, population: int | None = None
) -> Calibration:
    """``matching.calibrate(records, population)``, counted from ``coded`` (the records as
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
    dated, different = dated_pairs(
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
        shared=shared.tolist(),
        at=at[at > 0].tolist(),
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
