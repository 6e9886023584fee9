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

import contextlib
import functools
import operator
import os
import re
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, overload

import numpy as np
import numpy.typing as npt
import psycopg
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BooleanField, CharField, Q, QuerySet, Sum
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast

from lotse.core import forked
from lotse.core.collector import collector_paused
from lotse.people import matching
from lotse.people.calibration import calibrate as calibrated
from lotse.people.enums import DatePrecision
from lotse.people.models import Person, PersonName
from lotse.people.names import shared_key, skeleton
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
    sounds: dict[str, int] = {"": 0}  # 0: none; given and family names alike

    def sound(key: str) -> int:
        return sounds.setdefault(skeleton(key), len(sounds))

    starts: dict[str, int] = {"": 0}

    def start(key: str) -> int:
        return starts.setdefault(key[:3] if len(key) >= 3 else "", len(starts))

    initials: dict[str, int] = {"": 0}

    def initial(key: str) -> int:
        return initials.setdefault(key[:1], len(initials))

    given, family = derived(texts, c.given, sound), derived(texts, c.family, sound)
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
    return matching.has_street_name(street) and _DIGIT.search(street) is not None


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
) -> Detection:
    """Pairs of records (by index) that score at least ``threshold``, best first (the same
    score: by index). With ``only_with``, only pairs with at least one of these records (new
    ones on an import). ``share`` (how common each name is, ``name_shares``) and
    ``calibration`` (the weights estimated from the records, ``matching.calibrate``; by
    default estimated here, for ``population`` records if given, which a calibration
    given already holds) are given when ``records`` are only part of the persons
    compared: an import loads only the persons near its new rows.

    The pairs that share a block are made, and bounded (``reach.Reach``), as arrays; only
    the pairs that could reach the threshold are compared one by one. ``processes``: how
    many processes bound and compare the pairs (each takes every n-th pair); by default one
    per core for many pairs (``comparing_processes``).
    """
    if share is None:
        share = name_shares(records)
    vocabulary = Vocabulary()
    coded = vocabulary.code(records)  # for the weights, the blocks and the bound
    if calibration is None:
        calibration = calibrated(records, coded, population)
    weight = matching.needed_weight(threshold, calibration.midpoint)
    reach = Reach(weight, share, calibration, vocabulary=vocabulary)
    first, second, skipped = block_pairs(
        block_keys(records, coded), len(records), only_with, progress
    )
    comparison = _Comparison(
        records, first, second, reach, reach.columns(records, coded), threshold=threshold
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
) -> tuple[Ints, Ints, int]:
    """Every pair of records (``first[k] < second[k]``, by index, each pair once, in order)
    that shares a block (``block_keys``) of at most MAX_BLOCK members, and how many blocks
    were larger (left out: their members still meet in their other, smaller blocks). With
    ``only_with``, only pairs with one of these records, in the blocks of these records.
    ``count``: how many records there are."""
    new = None
    if only_with is not None:
        new = np.zeros(count, bool)
        new[list(only_with)] = True
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
        large = sizes > MAX_BLOCK
        if new is not None:  # only the blocks of the new records count
            large &= np.bincount(block, weights=new[member], minlength=len(sizes)) > 0
        skipped += int(large.sum())
        size = sizes[block]
        small = (size >= 2) & (size <= MAX_BLOCK)
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
    return _shares(counts, len(records))


def _shares(counts: Counter[str], population: int) -> dict[str, float]:
    # A small file or municipality says little about how common a name is: count as if
    # there were at least SHARE_POPULATION persons.
    total = max(population, SHARE_POPULATION)
    return {sound: count / total for sound, count in counts.items()}


def pairs_of(detection: Detection) -> Iterator[tuple[int, int]]:
    for candidate in detection.candidates:
        yield candidate.first, candidate.second


# --- The database side: the persons of one municipality as records -------------------------

# What the matcher reads of a person, the id first (as text: ``PersonIds``). Not the name
# skeletons, which only the name search reads (``matching.match_text``).
RECORD_COLUMNS = (
    Cast("pk", output_field=CharField()),
    "given_key",
    "family_key",
    "birth_date",
    "birth_date_precision",
    "household__street",
    "household__postcode",
    "household__city",
    "phone",
)


def record_of_row(row: Sequence[Any]) -> matching.Record:
    _pk, given, family, birth, precision, street, postcode, city, phone = row
    return matching.Record(  # by position: many thousand on an import
        given,
        family,
        "",
        birth,
        precision,
        shared_key(street or ""),
        postcode or "",
        shared_key(city or ""),
        "".join(filter(str.isdigit, phone)) if phone else "",
    )


class PersonIds(Sequence[uuid.UUID]):
    """The ids of persons as the database gives them as text, each made a ``UUID`` only
    when it is asked for. An import or a detection reads many thousand persons and needs
    the ids of those in its pairs; making a ``UUID`` of every id took 0.15 of the 0.25 s
    of Python that reading 100,000 persons took (the garbage collector running; with it
    paused, as the import and the detection read, less)."""

    def __init__(self, texts: list[str]) -> None:
        self._texts = texts

    def __len__(self) -> int:
        return len(self._texts)

    @overload
    def __getitem__(self, index: int) -> uuid.UUID: ...

    @overload
    def __getitem__(self, index: slice) -> list[uuid.UUID]: ...

    def __getitem__(self, index: int | slice) -> uuid.UUID | list[uuid.UUID]:
        if isinstance(index, slice):
            return [uuid.UUID(text) for text in self._texts[index]]
        return uuid.UUID(self._texts[index])

    def text(self, index: int) -> str:
        """The id as the database gave it."""
        return self._texts[index]


def load_records(municipality_id: Any) -> tuple[PersonIds, list[matching.Record]]:
    """The primary keys and matcher records of every person of a municipality."""
    return _records(Person.objects.filter(municipality_id=municipality_id).order_by())


@dataclass
class Near:
    """The persons of a municipality near an import's new records (``load_near``): their
    primary keys and rows as the database gave them, and how common each name is among all
    of the municipality's persons and the new records (``name_shares`` of both). Their
    matcher records are made when the matcher first asks for them, which may be in a
    forked process; the weights are estimated from them and the new records there, for
    the ``population`` (``find_pairs``)."""

    pks: PersonIds
    rows: list[tuple[Any, ...]]  # RECORD_COLUMNS
    share: dict[str, float]
    population: int  # the municipality's persons and the new records

    @functools.cached_property
    def records(self) -> list[matching.Record]:
        return [record_of_row(row) for row in self.rows]

    def births_and_names(self) -> Iterator[tuple[Any, str, str, str]]:
        """Date of birth, its precision, given and family name key of each person."""
        return map(operator.itemgetter(3, 4, 1, 2), self.rows)  # of RECORD_COLUMNS


# How a query's rows are read: over this thread's connection, or another (``reading_apart``).
_PART = 20_000  # rows taken in at once
Read = Callable[[QuerySet[Any]], Iterable[tuple[Any, ...]]]


def read_here(rows: QuerySet[Any]) -> Iterable[tuple[Any, ...]]:
    """The rows of a ``values_list`` query, over this thread's connection (``_read``)."""
    if connection.vendor != "postgresql":
        return rows.iterator(chunk_size=_PART)
    return _read(connection, rows)


@contextlib.contextmanager
def reading_apart() -> Iterator[Read]:
    """Reading ``values_list`` queries over a connection of its own, opened here and closed
    at the end. It sees what is committed, not what this thread's transaction is writing
    (an import's new persons), and it may be used in a forked process, which must leave
    the connections it inherited alone (``forked``). PostgreSQL only."""
    apart = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        # In a transaction (ended by closing): where the rows are fetched in parts (libpq
        # before 17), the cursor need not outlive its statement, which would make the
        # database copy every row first.
        apart.set_autocommit(False)
        yield functools.partial(_read, apart)
    finally:
        apart.close()


def _read(on: BaseDatabaseWrapper, rows: QuerySet[Any]) -> Iterator[tuple[Any, ...]]:
    """The rows of a ``values_list`` query over the connection ``on`` (PostgreSQL), as the
    database gives them (no ``from_db_value``: text, numbers, dates; as they come for these
    queries), one after another: to be read to the end.

    Streamed: the database sends the rows while they are taken in here. A cursor fetching
    part after part makes it wait for each request of the next part (the known persons of
    an import into a million: 2.9–3.1 s that way, 1.8–1.9 s streamed). Streaming in parts
    needs libpq 17 (psycopg's binary package brings it); with an older one the rows are
    fetched in parts."""
    sql, params = rows.query.get_compiler(connection=on).as_sql()
    if _streaming():
        with on.cursor() as cursor, on.wrap_database_errors:
            yield from cursor.cursor.stream(sql, params, size=_PART)
        return
    with on.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while part := cursor.fetchmany(_PART):
            yield from part


def _streaming() -> bool:
    """Whether rows can be streamed in parts (libpq 17 or later)."""
    return psycopg.capabilities.has_stream_chunked()


def load_near(
    municipality_id: Any, new: Sequence[matching.Record], *, read: Read = read_here
) -> Near:
    """The persons of a municipality that may share a block with one of the ``new`` records
    (an import), and how common each name is among all of the municipality's persons and
    the new records (``Near``).

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
    # Counted among the distinct names (kept by triggers), not the persons: a few thousand
    # rows where the persons may be a million.
    names = PersonName.objects.filter(municipality_id=municipality_id, persons__gt=0).order_by()
    known = 0
    for column, near in (("given_key", near_given), ("family_key", near_family)):
        known = 0
        for key, number in read(names.values_list(column).annotate(number=Sum("persons"))):
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
    if not known:  # no persons yet: none near
        return Near(PersonIds([]), [], share, len(new))
    if connection.vendor == "postgresql":
        close = RawSQL(
            "given_key = ANY(%s) OR family_key = ANY(%s)"
            " OR (birth_date_precision = %s AND birth_date = ANY(%s))",
            (near_given, near_family, DatePrecision.DAY.value, _days(new)),
            output_field=BooleanField(),
        )
        postcodes = sorted({r.postcode for r in new if is_house(r.street)})
        persons = persons.alias(near=close).filter(
            Q(near=True) | Q(household__postcode__in=postcodes)
        )
    rows = list(read(persons.values_list(*RECORD_COLUMNS)))
    return Near(PersonIds([row[0] for row in rows]), rows, share, known + len(new))


def births_of(municipality_id: Any, new: Sequence[matching.Record]) -> list[tuple[Any, ...]]:
    """Date of birth, its precision, given and family name key (``Near.births_and_names``)
    of each person of a municipality born on the day of one of the ``new`` records known
    to the day: those of the persons near them that a certain match could link one to.
    PostgreSQL only."""
    born = RawSQL("birth_date = ANY(%s)", (_days(new),), output_field=BooleanField())
    persons = (
        Person.objects.filter(
            municipality_id=municipality_id, birth_date_precision=DatePrecision.DAY
        )
        .alias(born=born)
        .filter(born=True)
        .order_by()
    )
    return list(
        read_here(
            persons.values_list("birth_date", "birth_date_precision", "given_key", "family_key")
        )
    )


def _days(new: Sequence[matching.Record]) -> list[Any]:
    """The dates of birth of the records known to the day."""
    return sorted({r.birth_date for r in new if r.birth_date and r.birth_precision == "day"})


@collector_paused()
def _records(persons: QuerySet[Person]) -> tuple[PersonIds, list[matching.Record]]:
    rows = read_here(persons.values_list(*RECORD_COLUMNS))
    pks: list[str] = []
    records: list[matching.Record] = []
    for row in rows:
        pks.append(row[0])
        records.append(record_of_row(row))
    return PersonIds(pks), records


def ordered(first: Any, second: Any) -> tuple[Any, Any]:
    """A pair in one order (by the text of the ids), so that it is stored once."""
    return (first, second) if str(first) < str(second) else (second, first)
