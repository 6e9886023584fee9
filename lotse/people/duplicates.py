"""Bulk detection of duplicate persons: blocking, then the matcher on each candidate pair.

Comparing every person with every other is impossible at a million persons, so records are
grouped by blocking keys (the same name skeletons, a name skeleton and the year of birth,
the date of birth and the first letter of a name, the first letters of both names, the
family name and the postcode, the date of birth, the house). Only records that share a
block are compared, each pair once, by ``matching.compare``, with the weights that
``calibration.calibrate`` estimates from the records. Pure over ``matching.Record`` values,
so that the benchmarks in ``bench/`` run exactly this code; ``loading`` reads the persons
as records, ``services.detect_duplicates`` keeps the pairs found.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from lotse.core import forked
from lotse.core.collector import collector_paused
from lotse.people import matching
from lotse.people.calibration import calibrate as calibrated
from lotse.people.joined import Joined
from lotse.people.names import skeleton
from lotse.people.places import has_street_name
from lotse.people.reach import Coded, Columns, Reach, Vocabulary, derived

# From this score on, a pair is proposed for review.
DUPLICATE_THRESHOLD = 0.8
# Blocks larger than this are not compared pair by pair (a key shared by so many records
# says little); their members still meet in their other, smaller blocks.
MAX_BLOCK = 100
SHARE_POPULATION = 1000
# From this many pairs sharing a block on, they are bounded and compared in one process per
# core (at most this many processes; ``comparing_processes``).
PARALLEL_FROM = 200_000
MAX_PROCESSES = 4


@dataclass(frozen=True)
class Candidate:
    first: int  # index into the records
    second: int
    evidence: matching.Evidence


@dataclass
class Detection:
    candidates: list[Candidate]
    compared: int  # pairs scored
    skipped_blocks: int  # blocks over MAX_BLOCK


Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]
KINDS = 7  # of blocking keys (``block_keys``)
_SHIFT = 32  # two numbers as one: first << _SHIFT | second


def block_keys(
    records: Sequence[matching.Record], coded: Coded | None = None
) -> list[tuple[Ints, Ints]]:
    """The blocking keys of the records, by kind: for each kind the records that have a key
    of it and the key (a number; the same number, the same key). A record has at most two
    keys of a kind. The kinds:

    - the skeletons of both names, in either order;
    - a name's skeleton and the year of birth (given and family name alike);
    - the date of birth and the first letter of a name;
    - the first three letters of both names, in either order;
    - the family name's skeleton and the postcode (a given name and a postcode: too many);
    - the date of birth;
    - the house (street and number) and the postcode: a record whose name was written
      quite otherwise.

    Made from the records as arrays (``coded``, as ``reach.Vocabulary.code`` gives them, or
    worked out here); what a key takes from a text (a skeleton, the first letters) is
    worked out once per distinct text.
    """
    c = Vocabulary().code(records) if coded is None else coded
    texts = c.texts
    starts: dict[str, int] = {"": 0}

    def start(key: str) -> int:
        return starts.setdefault(key[:3] if len(key) >= 3 else "", len(starts))

    initials: dict[str, int] = {"": 0}

    def initial(key: str) -> int:
        return initials.setdefault(key[:1], len(initials))

    given, family = c.sounds
    given_start, family_start = derived(texts, c.given, start), derived(texts, c.family, start)
    given_initial = derived(texts, c.given, initial)
    family_initial = derived(texts, c.family, initial)
    born, to_the_day, ordinal = c.born, c.to_the_day, c.ordinal
    year = np.where(born, c.dates[0], 0)
    # A place by its text's id (plus one: 0 for none).
    postcode = np.where(derived(texts, c.postcode, bool, bool), c.postcode + 1, 0)
    street = np.where(derived(texts, c.street, bool, bool), c.street + 1, 0)
    house = derived(texts, c.street, is_house, bool)
    return [
        _kind((given > 0) & (family > 0), _either_order(given, family)),
        _kind(
            born & (given > 0), given << _SHIFT | year, born & (family > 0), family << _SHIFT | year
        ),
        _kind(
            to_the_day & (given_initial > 0),
            ordinal << _SHIFT | given_initial,
            to_the_day & (family_initial > 0),
            ordinal << _SHIFT | family_initial,
        ),
        _kind((given_start > 0) & (family_start > 0), _either_order(given_start, family_start)),
        _kind((family > 0) & (postcode > 0), family << _SHIFT | postcode),
        _kind(to_the_day, ordinal),
        _kind(house, street << _SHIFT | postcode),
    ]


def _either_order(first: Ints, second: Ints) -> Ints:
    return np.minimum(first, second) << _SHIFT | np.maximum(first, second)


def _kind(
    has: Bools, key: Ints, also: Bools | None = None, other: Ints | None = None
) -> tuple[Ints, Ints]:
    """(records, keys) of one kind: the records that ``has`` a ``key``, and those that
    ``also`` have an ``other`` key where it is not their first."""
    owners, keys = [np.flatnonzero(has)], [key[has]]
    if also is not None and other is not None:
        second = also & ~(has & (other == key))
        owners.append(np.flatnonzero(second))
        keys.append(other[second])
    return np.concatenate(owners), np.concatenate(keys)


_DIGIT = re.compile(r"[0-9]")


@functools.lru_cache(maxsize=100_000)
def is_house(street: str) -> bool:
    """A street key (``names.name_key``: a-z, 0-9 and spaces) with a name and a number: a
    house (the block of the same house)."""
    return has_street_name(street) and _DIGIT.search(street) is not None


@collector_paused()  # many records' keys that live until the end
def find_pairs(
    records: Sequence[matching.Record],
    *,
    threshold: float = DUPLICATE_THRESHOLD,
    only_with: set[int] | None = None,
    progress: Callable[[int, int], None] | None = None,
    share: dict[str, float] | None = None,
    calibration: matching.Calibration | None = None,
    processes: int | None = None,
    population: int | None = None,
    others: range | None = None,
    coded: tuple[Vocabulary, Coded] | None = None,
) -> Detection:
    """Pairs of records (by index) that score at least ``threshold``, best first (the same
    score: by index). With ``only_with``, only pairs with at least one of these records (new
    ones on an import). ``share`` (how common each name is, ``name_shares``) and
    ``calibration`` (the weights estimated from the records, ``calibration.calibrate``; by
    default estimated here, for ``population`` records if given, which a calibration
    given already holds) are given when ``records`` are only part of the persons
    compared: an import loads only the persons near its new rows.

    The pairs that share a block are made, and bounded (``reach.Reach``), as arrays; only
    the pairs that could reach the threshold are compared one by one. ``processes``: how
    many processes bound and compare the pairs (each takes every n-th pair); by default one
    per core for many pairs (``comparing_processes``). ``others``: the indices of records
    that are persons or an import's new rows under other names (``loading.load_people``,
    ``imports._matched``), which a block's size
    does not count (a person is a member of a block once, however many names they have)
    and the weights are not estimated from (a person written twice would look like two
    at one address). ``coded``: the records as a vocabulary's ``code`` gives them, where
    the caller coded them already (an import codes the known persons as it reads them,
    ``loading.code_rows``), and that vocabulary; a record is then only asked for
    (``records[index]``) where it is compared or weighed.
    """
    if share is None:
        share = name_shares(records)
    if coded is None:
        vocabulary = Vocabulary()
        codes = vocabulary.code(records)  # for the weights, the blocks and the bound
    else:
        vocabulary, codes = coded
    if calibration is None and others:  # the weights of the persons' own records
        own = Joined(records[: others.start], records[others.stop :])
        calibration = calibrated(own, codes.without(others), population)
    elif calibration is None:
        calibration = calibrated(records, codes, population)
    weight = matching.needed_weight(threshold, calibration.midpoint)
    reach = Reach(weight, share, calibration, vocabulary=vocabulary)
    first, second, skipped = block_pairs(
        block_keys(records, codes), len(records), only_with, progress, others=others
    )
    comparison = _Comparison(
        records, first, second, reach, reach.columns(records, codes), threshold=threshold
    )
    if processes is None:
        processes = comparing_processes(len(first))
    if processes > 1:
        candidates, compared = _in_processes(comparison, processes)
    else:
        candidates, compared = comparison.run(0, 1)
    if progress is not None:  # the kinds of blocks were the steps before
        progress(KINDS + 1, KINDS + 1)
    candidates.sort(key=lambda c: (-c.evidence.score, c.first, c.second))
    return Detection(candidates, compared, skipped)


def find_person_pairs(
    records: Sequence[matching.Record],
    persons: int,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> Detection:
    """``find_pairs`` of records of which the first ``persons`` are one per person and the
    rest the same persons under other names (``loading.load_people``): how common a name is
    and the weights are those of the persons' own records, as if the other names were not
    there (a person written twice would look like two at one address)."""
    if len(records) == persons:
        return find_pairs(records, progress=progress)
    return find_pairs(
        records,
        progress=progress,
        share=name_shares(records[:persons]),
        others=range(persons, len(records)),
    )


# The evidence of a pair found under another name of one of its persons.
OTHER_NAME = "other_name"


def by_other_name(evidence: matching.Evidence) -> matching.Evidence:
    """``evidence`` found under another name of one of the persons (a maiden name, the name
    in its script): it says so, and is never a certain match (``imports._certain``)."""
    return dataclasses.replace(evidence, other=(*evidence.other, OTHER_NAME))


def person_pairs(
    pks: Sequence[Any], detection: Detection, persons: int
) -> dict[tuple[Any, Any], matching.Evidence]:
    """The pairs of persons of a detection's candidates (``pks``: the person of each
    record; the records from ``persons`` on are persons under other names), ordered, each
    once with its best evidence, best first; a person's records among themselves are no
    pair. Evidence found under another name says so (``by_other_name``)."""
    found: dict[tuple[Any, Any], matching.Evidence] = {}
    for candidate in detection.candidates:  # best first
        first, second = pks[candidate.first], pks[candidate.second]
        key = ordered(first, second)
        if first == second or key in found:
            continue
        evidence = candidate.evidence
        if max(candidate.first, candidate.second) >= persons:
            evidence = by_other_name(evidence)
        found[key] = evidence
    return found


def comparing_processes(pairs: int) -> int:
    """How many processes bound and compare ``pairs`` pairs: one per core (at most
    MAX_PROCESSES) from PARALLEL_FROM pairs on, where a process may fork
    (``forked.possible``); else one."""
    if pairs < PARALLEL_FROM or not forked.possible():
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, MAX_PROCESSES))


@dataclass
class _Comparison:
    """The pairs that share a block, bounded and compared in parts (``part``), so that the
    parts together compare what one part alone would."""

    records: Sequence[matching.Record]
    first: Ints
    second: Ints
    reach: Reach
    columns: Columns
    threshold: float

    def part(self, part: int, parts: int) -> Ints:
        """The positions of the pairs of part ``part`` of ``parts``: by the given name of
        the pair's second record (its id; the family name's where it has none), so that a
        pair of given names is bounded and compared in one part, and most pairs of family
        names too. The bound works out each pair of names once (every n-th pair: each part
        worked out nearly every pair of names; the realistic import's two parts took
        0.58–0.68 s each, now 0.48–0.52 s). A very common name loads its part more; the
        parts still compare what one part would."""
        given, family = self.columns.given[self.second], self.columns.family[self.second]
        none = self.reach.vocabulary.ids.get("", -1)
        return np.flatnonzero(np.where(given == none, family, given) % parts == part)

    def run(self, part: int, parts: int) -> tuple[list[Candidate], int]:
        chosen = self.part(part, parts)
        first, second = self.first[chosen], self.second[chosen]
        kept = self.reach.select(self.columns, first, second)
        records, share, calibration = self.records, self.reach.share, self.reach.calibration
        candidates = []
        for i, j in zip(first[kept].tolist(), second[kept].tolist(), strict=True):
            evidence = matching.compare(records[i], records[j], share, calibration)
            if evidence.score >= self.threshold:
                candidates.append(Candidate(i, j, evidence))
        return candidates, len(kept)


def _in_processes(comparison: _Comparison, processes: int) -> tuple[list[Candidate], int]:
    """``comparison`` in ``processes`` parts at once: this process takes the first part,
    forked processes the others (``forked.Forked``; a part whose process fails is taken
    here after all)."""
    running = [forked.Forked(comparison.run, part, processes) for part in range(1, processes)]
    candidates, compared = comparison.run(0, processes)
    for part in running:
        found, number = part.result()
        candidates.extend(found)
        compared += number
    return candidates, compared


def block_pairs(
    keys: list[tuple[Ints, Ints]],
    count: int,
    only_with: set[int] | None = None,
    progress: Callable[[int, int], None] | None = None,
    *,
    others: range | None = None,
) -> tuple[Ints, Ints, int]:
    """Every pair of records (``first[k] < second[k]``, by index, each pair once, in order)
    that shares a block (``block_keys``) of at most MAX_BLOCK members, and how many blocks
    were larger (left out: their members still meet in their other, smaller blocks). With
    ``only_with``, only pairs with one of these records, in the blocks of these records.
    ``count``: how many records there are; ``others``: records a block's size does not
    count (persons or new rows under other names, ``find_pairs``)."""
    new = None
    if only_with is not None:
        new = np.zeros(count, bool)
        new[list(only_with)] = True
    counted = None
    if others:
        counted = np.ones(count, bool)
        counted[others.start : others.stop] = False
    codes: list[Ints] = []
    skipped = 0
    for kind, (owners, kind_keys) in enumerate(keys):
        # Each block's members in order; on an import the order within a block does not
        # matter (``_with_new``), and one sort of the keys is cheaper.
        order = np.lexsort((owners, kind_keys)) if new is None else np.argsort(kind_keys)
        member, key = owners[order], kind_keys[order]
        start = np.r_[True, key[1:] != key[:-1]] if len(key) else np.zeros(0, bool)
        block = np.cumsum(start) - 1
        sizes = np.bincount(block)
        members = sizes
        if counted is not None:  # a person under another name is no member more
            members = np.bincount(block, weights=counted[member], minlength=len(sizes))
        large = members > MAX_BLOCK
        if new is not None:  # only the blocks of the new records count
            large &= np.bincount(block, weights=new[member], minlength=len(sizes)) > 0
        skipped += int(large.sum())
        size = sizes[block]
        small = (size >= 2) & (members[block] <= MAX_BLOCK)
        first = np.flatnonzero(start)[block]  # where each member's block begins
        if new is not None:
            codes.append(_with_new(member, first, size, small & new[member], count))
        else:
            position = np.arange(len(block)) - first
            member, size, position = member[small], size[small], position[small]
            # Each member with the member ``distance`` places further on in its block.
            later = np.flatnonzero(size - position > 1)
            distance = 1
            while later.size:
                one, other = member[later], member[later + distance]
                codes.append(one * count + other)
                distance += 1
                later = later[size[later] - position[later] > distance]
        if progress is not None:
            progress(kind + 1, len(keys) + 1)
    pairs = np.sort(np.concatenate(codes)) if codes else np.zeros(0, np.int64)
    pairs = pairs[np.r_[True, pairs[1:] != pairs[:-1]]] if len(pairs) else pairs  # each once
    return pairs // max(count, 1), pairs % max(count, 1), skipped


def _with_new(member: Ints, first: Ints, size: Ints, chosen: Bools, count: int) -> Ints:
    """The pairs (as ``one * count + other``, ``one < other``) of each ``chosen`` member
    (by position in ``member``, sorted by block) with every other member of its block: on
    an import only the new records' pairs are wanted, and a block of a hundred known
    persons and one new record has 99 of them, not 4,950 to sift. A pair of two new
    records comes twice (``block_pairs`` keeps each once)."""
    mine = np.flatnonzero(chosen)
    sizes = size[mine]
    ends = np.cumsum(sizes)
    # Each chosen member as often as its block has members, with each position of it.
    position = np.repeat(first[mine], sizes) + np.arange(int(ends[-1]) if len(ends) else 0)
    position -= np.repeat(ends - sizes, sizes)
    own = np.repeat(mine, sizes)
    other = position != own
    one, two = member[own[other]], member[position[other]]
    return np.minimum(one, two) * count + np.maximum(one, two)


def name_shares(records: Sequence[matching.Record]) -> dict[str, float]:
    """How common each name skeleton is among the records (given and family names alike):
    Mohammed or Popescu agree by chance far more often than a rare name."""
    counts: Counter[str] = Counter()
    for record in records:
        for key in (record.given, record.family):
            if key:
                counts[skeleton(key)] += 1
    return shares(counts, len(records))


def shares(counts: Counter[str], population: int) -> dict[str, float]:
    """How common each name skeleton is, from how many of ``population`` records have it.
    A small file or municipality says little about how common a name is: counted as if
    there were at least SHARE_POPULATION persons."""
    total = max(population, SHARE_POPULATION)
    return {sound: count / total for sound, count in counts.items()}


def pairs_of(detection: Detection) -> Iterator[tuple[int, int]]:
    for candidate in detection.candidates:
        yield candidate.first, candidate.second


def ordered(first: Any, second: Any) -> tuple[Any, Any]:
    """A pair in one order (by the text of the ids), so that it is stored once."""
    return (first, second) if str(first) < str(second) else (second, first)
