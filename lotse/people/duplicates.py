"""Bulk detection of duplicate persons: blocking, then the matcher on each candidate pair.

Comparing every person with every other is impossible at a million persons, so records are
grouped by blocking keys (the same name skeletons, a name skeleton and the year of birth,
the date of birth and the first letter of a name, the first letters of both names, the
family name and the postcode, the date of birth, the house). Only records that share a
block are compared, each pair once, by ``matching.compare``, with the weights that
``matching.calibrate`` estimates from the records. Pure over ``matching.Record`` values,
so that the benchmarks in ``bench/`` run exactly this code; ``detect_duplicates`` adds the
database.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import logging
import multiprocessing
import os
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Count, Q, QuerySet
from django.db.models.expressions import RawSQL

from lotse.core.collector import collector_paused
from lotse.people import matching
from lotse.people.enums import DatePrecision
from lotse.people.models import Person
from lotse.people.names import shared_key, skeleton
from lotse.people.reach import Reach

# From this score on, a pair is proposed for review.
DUPLICATE_THRESHOLD = 0.8
# Blocks larger than this are not compared pair by pair (a key shared by so many records
# says little); their members still meet in their other, smaller blocks.
MAX_BLOCK = 100
SHARE_POPULATION = 1000
# From this many records on, the pairs are compared in one process per core (at most this
# many processes; ``comparing_processes``).
PARALLEL_FROM = 20_000
MAX_PROCESSES = 4

logger = logging.getLogger(__name__)


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


def blocking_keys(record: matching.Record) -> list[frozenset[str]]:
    """The keys of one record, by kind (a pair is compared in the first kind it shares)."""
    given, family, names, prefixes = _name_keys(record.given, record.family)
    birth = record.birth_date
    if birth is None:
        name_year = day_initial = born = _NONE
    else:
        name_year = _year_keys(given, family, birth.year)
        if record.birth_precision == "day":
            day = birth.isoformat()
            day_initial = frozenset(
                f"{day}|{name[:1]}" for name in (record.given, record.family) if name
            )
            born = frozenset((day,))
        else:
            day_initial = born = _NONE
    # The family name where the person lives (a given name and a postcode: too many).
    name_place = (
        frozenset((f"{family}|{record.postcode}",)) if family and record.postcode else _NONE
    )
    # The same house (street and number): a record whose name was written quite otherwise.
    house = frozenset((f"{record.street}|{record.postcode}",)) if is_house(record.street) else _NONE
    return [names, name_year, day_initial, prefixes, name_place, born, house]


_NONE: frozenset[str] = frozenset()


@functools.lru_cache(maxsize=100_000)
def _name_keys(given_key: str, family_key: str) -> tuple[str, str, frozenset[str], frozenset[str]]:
    """What a record's blocking keys take from its names (many records share them): the
    skeletons of both, the key of both skeletons in either order, the first letters."""
    given, family = skeleton(given_key), skeleton(family_key)
    names = _NONE
    if given and family:
        names = frozenset((f"{given}|{family}" if given < family else f"{family}|{given}",))
    prefixes = _NONE
    if len(given_key) >= 3 and len(family_key) >= 3:
        first, second = given_key[:3], family_key[:3]
        prefixes = frozenset((f"{first}|{second}" if first < second else f"{second}|{first}",))
    return given, family, names, prefixes


def _year_keys(given: str, family: str, year: int) -> frozenset[str]:
    """A name skeleton and the year of birth."""
    if given and family:
        return frozenset((f"{given}|{year}", f"{family}|{year}"))
    sound = given or family
    return frozenset((f"{sound}|{year}",)) if sound else _NONE


@functools.lru_cache(maxsize=100_000)
def is_house(street: str) -> bool:
    """A street key with a name and a number: a house (the block of the same house)."""
    return any(ch.isalpha() for ch in street) and any(ch.isdigit() for ch in street)


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
) -> Detection:
    """Pairs of records (by index) that score at least ``threshold``, best first (the same
    score: by index). With ``only_with``, only pairs with at least one of these records (new
    ones on an import). ``share`` (how common each name is, ``name_shares``) and
    ``calibration`` (the weights estimated from the records, ``matching.calibrate``) are
    given when ``records`` are only part of the persons compared: an import loads only the
    persons near its new rows. ``processes``: how many processes compare the pairs (each
    takes every n-th block); by default one per core for many records (``comparing_processes``).
    """
    keys = [blocking_keys(record) for record in records]
    if share is None:
        share = name_shares(records)
    if calibration is None:
        calibration = matching.calibrate(records)
    search = _Search(
        records,
        keys,
        only_with=only_with,
        threshold=threshold,
        share=share,
        calibration=calibration,
    )
    if processes is None:
        processes = comparing_processes(len(records))
    if processes > 1:
        candidates, compared = _in_processes(search, processes, progress)
    else:
        candidates, compared = search.run(0, 1, progress)
    skipped = sum(len(keys_) for keys_ in search.oversized)
    candidates.sort(key=lambda c: (-c.evidence.score, c.first, c.second))
    return Detection(candidates, compared, skipped)


def comparing_processes(records: int) -> int:
    """How many processes compare the pairs of ``records`` records: one per core (at most
    MAX_PROCESSES) from PARALLEL_FROM records on, where the system can fork; else one. Not
    from a process with other threads (a threaded web server): a fork copies only the
    calling thread, and a lock another thread held would stay locked in the copy."""
    if (
        records < PARALLEL_FROM
        or "fork" not in multiprocessing.get_all_start_methods()
        or threading.active_count() > 1
    ):
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, MAX_PROCESSES))


class _Search:
    """The blocks of the records and the comparison of their pairs, in parts: part ``p`` of
    ``n`` takes every n-th block of each kind. Every part sees the same blocks in the same
    order (they are made from the same keys), so that the parts together compare each pair
    exactly once, as one part alone would."""

    def __init__(
        self,
        records: Sequence[matching.Record],
        keys: list[list[frozenset[str]]],
        *,
        only_with: set[int] | None,
        threshold: float,
        share: dict[str, float],
        calibration: matching.Calibration,
    ) -> None:
        self.records, self.keys, self.only_with = records, keys, only_with
        self.threshold, self.share, self.calibration = threshold, share, calibration
        self.kinds = len(keys[0]) if keys else 0
        self.oversized: list[set[str]] = [set() for _kind in range(self.kinds)]

    def run(
        self, part: int, parts: int, progress: Callable[[int, int], None] | None
    ) -> tuple[list[Candidate], int]:
        records, keys, only_with = self.records, self.keys, self.only_with
        reach = Reach(
            matching.needed_weight(self.threshold, self.calibration.midpoint),
            self.share,
            self.calibration,
        )
        candidates: list[Candidate] = []
        compared = 0
        for kind in range(self.kinds):
            blocks: dict[str, list[int]] = defaultdict(list)
            # With only_with, a block without one of those records yields no pair: only the
            # keys of those records are collected (the same blocks, in the same order).
            wanted = (
                None
                if only_with is None
                else set().union(*(keys[index][kind] for index in only_with))
            )
            for index, record_keys in enumerate(keys):
                for key in record_keys[kind]:
                    if wanted is None or key in wanted:
                        blocks[key].append(index)
            for i, j in _pairs(
                blocks, kind, keys, self.oversized, only_with, part=part, parts=parts
            ):
                if not reach(records[i], records[j]):
                    continue
                compared += 1
                evidence = matching.compare(records[i], records[j], self.share, self.calibration)
                if evidence.score >= self.threshold:
                    candidates.append(Candidate(i, j, evidence))
            if progress is not None:
                progress(kind + 1, self.kinds)
        return candidates, compared


def _in_processes(
    search: _Search, processes: int, progress: Callable[[int, int], None] | None
) -> tuple[list[Candidate], int]:
    """``search`` in ``processes`` parts at once: this process takes the first part, forked
    processes the others (they inherit the records and keys, and only compute: no database,
    no files). A part whose process fails is taken here after all."""
    context = multiprocessing.get_context("fork")
    running = []
    for part in range(1, processes):
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(
            target=_run_part, args=(sender, search, part, processes), daemon=True
        )
        process.start()
        sender.close()
        running.append((part, process, receiver))
    candidates, compared = search.run(0, processes, progress)
    for part, process, receiver in running:
        try:
            status, result = receiver.recv()
        except EOFError:  # the process died (e.g. out of memory)
            status, result = "died", None
        receiver.close()
        process.join()
        if status != "done":
            logger.warning(
                "A process comparing pairs failed (%s); its part is compared here.",
                result or status,
            )
            result = search.run(part, processes, None)
        found, number = result
        candidates.extend(found)
        compared += number
    return candidates, compared


def _run_part(sender: Any, search: _Search, part: int, parts: int) -> None:
    """In a forked process: one part of the search, sent back to the parent."""
    try:
        sender.send(("done", search.run(part, parts, None)))
    except Exception as error:  # reported to the parent, which compares the part itself
        sender.send(("failed", type(error).__name__))
    finally:
        sender.close()


def _pairs(
    blocks: dict[str, list[int]],
    kind: int,
    keys: list[list[frozenset[str]]],
    oversized: list[set[str]],
    only_with: set[int] | None,
    *,
    part: int = 0,
    parts: int = 1,
) -> Iterator[tuple[int, int]]:
    """The pairs of one kind of block that were not compared before; blocks too large are
    noted in ``oversized`` and left out. They are noted first: a pair that shares two blocks
    of a kind is compared in the first of them that is not too large, whichever block is
    visited first. Of the blocks, only every ``parts``-th from the ``part``-th."""
    oversized[kind].update(key for key, members in blocks.items() if len(members) > MAX_BLOCK)
    for number, (key, members) in enumerate(blocks.items()):
        if number % parts != part or len(members) < 2 or key in oversized[kind]:
            continue
        if only_with is not None and not only_with.intersection(members):
            continue
        for i, j in _member_pairs(members, only_with):
            if not _met_before(keys[i], keys[j], kind, key, oversized):
                yield i, j


def _member_pairs(members: list[int], only_with: set[int] | None) -> Iterator[tuple[int, int]]:
    """The pairs of a block's members in the order of ``itertools.combinations``; with
    ``only_with``, only those with one of these records (without visiting the others)."""
    if only_with is None:
        yield from itertools.combinations(members, 2)
        return
    chosen = [position for position, member in enumerate(members) if member in only_with]
    for position, first in enumerate(members):
        if first in only_with:
            for second in members[position + 1 :]:
                yield first, second
        else:
            for later in chosen[bisect.bisect_right(chosen, position) :]:
                yield first, members[later]


def name_shares(records: Sequence[matching.Record]) -> dict[str, float]:
    """How common each name skeleton is among the records (given and family names alike):
    Mohammed or Popescu agree by chance far more often than a rare name."""
    counts: Counter[str] = Counter()
    for record in records:
        for key in (record.given, record.family):
            if key:
                counts[skeleton(key)] += 1
    return _shares(counts, len(records))


def _shares(counts: Counter[str], population: int) -> dict[str, float]:
    # A small file or municipality says little about how common a name is: count as if
    # there were at least SHARE_POPULATION persons.
    total = max(population, SHARE_POPULATION)
    return {sound: count / total for sound, count in counts.items()}


def _met_before(
    first: list[frozenset[str]],
    second: list[frozenset[str]],
    kind: int,
    key: str,
    oversized: list[set[str]],
) -> bool:
    """Whether two records were already compared: they shared a block of an earlier kind, or
    an earlier key of this kind (a record may have two keys of one kind). Blocks too large
    to compare do not count."""
    for earlier in range(kind):
        mine, theirs = first[earlier], second[earlier]
        if not mine.isdisjoint(theirs) and (mine & theirs) - oversized[earlier]:
            return True
    if len(first[kind]) < 2 or len(second[kind]) < 2:  # this key is the one they share
        return False
    shared = (first[kind] & second[kind]) - oversized[kind]
    return len(shared) > 1 and min(shared) != key


def pairs_of(detection: Detection) -> Iterator[tuple[int, int]]:
    for candidate in detection.candidates:
        yield candidate.first, candidate.second


# --- The database side: the persons of one municipality as records -------------------------

RECORD_COLUMNS = (
    "pk",
    "given_key",
    "family_key",
    "name_skeleton",
    "birth_date",
    "birth_date_precision",
    "household__street",
    "household__postcode",
    "household__city",
    "phone",
)


def record_of_row(row: Sequence[Any]) -> matching.Record:
    _pk, given, family, skeletons, birth, precision, street, postcode, city, phone = row
    return matching.Record(
        given=given,
        family=family,
        skeletons=skeletons,
        birth_date=birth,
        birth_precision=precision,
        street=shared_key(street or ""),
        postcode=postcode or "",
        city=shared_key(city or ""),
        phone="".join(ch for ch in phone if ch.isdigit()),
    )


def load_records(municipality_id: Any) -> tuple[list[Any], list[matching.Record]]:
    """The primary keys and matcher records of every person of a municipality."""
    return _records(Person.objects.filter(municipality_id=municipality_id).order_by())


def load_near(
    municipality_id: Any, new: Sequence[matching.Record]
) -> tuple[list[Any], list[matching.Record], dict[str, float], matching.Calibration]:
    """The persons of a municipality that may share a block with one of the ``new`` records
    (an import), as primary keys and records, and how common each name is among all of the
    municipality's persons and the new records (``name_shares`` of both).

    ``find_pairs`` with ``only_with`` the new records finds the same pairs in these persons
    as in all of them with the same weights: every block that holds a new record holds all
    its known members. On PostgreSQL only the persons that share a name skeleton, the first
    letters of a name, a date of birth or a postcode (the house) with a new record are
    loaded; elsewhere all of them. The weights (``matching.calibrate``) are estimated from
    the loaded persons and the new records, for the size of the whole municipality.
    """
    persons = Person.objects.filter(municipality_id=municipality_id).order_by()
    counts: Counter[str] = Counter()
    near_given: list[str] = []
    near_family: list[str] = []
    sounds = {sound for r in new for sound in (skeleton(r.given), skeleton(r.family)) if sound}
    prefixes = {
        prefix
        for r in new
        if len(r.given) >= 3 and len(r.family) >= 3
        for prefix in (r.given[:3], r.family[:3])
    }
    known = 0
    for column, near in (("given_key", near_given), ("family_key", near_family)):
        known = 0
        for key, number in persons.values_list(column).annotate(number=Count("pk")):
            known += number
            if key:
                sound = skeleton(key)
                counts[sound] += number
                if sound in sounds or (len(key) >= 3 and key[:3] in prefixes):
                    near.append(key)
    for record in new:
        for key in (record.given, record.family):
            if key:
                counts[skeleton(key)] += 1
    share = _shares(counts, known + len(new))
    if connection.vendor == "postgresql":
        days = sorted({r.birth_date for r in new if r.birth_date and r.birth_precision == "day"})
        close = RawSQL(
            "given_key = ANY(%s) OR family_key = ANY(%s)"
            " OR (birth_date_precision = %s AND birth_date = ANY(%s))",
            (near_given, near_family, DatePrecision.DAY.value, days),
            output_field=BooleanField(),
        )
        postcodes = sorted({r.postcode for r in new if is_house(r.street)})
        persons = persons.alias(near=close).filter(
            Q(near=True) | Q(household__postcode__in=postcodes)
        )
    pks, records = _records(persons)
    calibration = matching.calibrate([*records, *new], population=known + len(new))
    return pks, records, share, calibration


@collector_paused()
def _records(persons: QuerySet[Person]) -> tuple[list[Any], list[matching.Record]]:
    rows = persons.values_list(*RECORD_COLUMNS).iterator(chunk_size=20_000)
    pks: list[Any] = []
    records: list[matching.Record] = []
    for row in rows:
        pks.append(row[0])
        records.append(record_of_row(row))
    return pks, records


def ordered(first: Any, second: Any) -> tuple[Any, Any]:
    """A pair in one order (by the text of the ids), so that it is stored once."""
    return (first, second) if str(first) < str(second) else (second, first)
