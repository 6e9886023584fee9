"""The persons of a municipality as the matcher reads them (``matching.Record``): all of
them for the bulk detection (``load_records``), those near an import's new records
(``load_near``), read over the connection of the caller or one of its own
(``reading_apart``, for a forked matcher while the import writes).
"""

from __future__ import annotations

import contextlib
import functools
import operator
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

import numpy as np
import psycopg
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BooleanField, CharField, Q, QuerySet, Sum
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast

from lotse.core.collector import collector_paused
from lotse.people import aliases, duplicates, matching
from lotse.people.enums import DatePrecision
from lotse.people.models import Person, PersonName
from lotse.people.names import shared_key, skeleton
from lotse.people.reach import Coded, Vocabulary

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
        _street_or_city(street),
        postcode or "",
        _street_or_city(city),
        _digits(phone),
    )


def _street_or_city(text: str | None) -> str:
    return shared_key(text or "")


def _digits(phone: str | None) -> str:
    return "".join(filter(str.isdigit, phone)) if phone else ""


def code_rows(vocabulary: Vocabulary, rows: Sequence[Sequence[Any]]) -> Coded:
    """The matcher records of ``rows`` (``RECORD_COLUMNS``) as ``vocabulary.code`` codes
    ``record_of_row`` of each, without making the records: what a record makes of a text
    is worked out once per distinct text. An import into a million persons codes most of
    them (``read_all``) and compares few."""
    if not rows:
        return vocabulary.code([])
    _pks, given, family, births, precisions, street, postcode, city, phone = zip(*rows, strict=True)
    return vocabulary.code_columns(
        given=given,
        family=family,
        births=births,
        precisions=precisions,
        street=_each(street, _street_or_city),
        postcode=_each(postcode, lambda text: text or ""),
        city=_each(city, _street_or_city),
        phone=_each(phone, _digits),
    )


def _each(values: Sequence[Any], make: Callable[[Any], str]) -> list[str]:
    """``make`` of each value, worked out once per distinct value."""
    made = {value: make(value) for value in dict.fromkeys(values)}
    return list(map(made.__getitem__, values))


class RecordsOf(Sequence[matching.Record]):
    """The matcher records of rows (``RECORD_COLUMNS``), each made when it is first asked
    for (``record_of_row``): the matcher works on the rows coded (``code_rows``) and
    compares few of them."""

    def __init__(self, rows: Sequence[Sequence[Any]]) -> None:
        self._rows = rows
        self._made: dict[int, matching.Record] = {}

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> matching.Record: ...

    @overload
    def __getitem__(self, index: slice) -> RecordsOf: ...

    def __getitem__(self, index: int | slice) -> matching.Record | RecordsOf:
        if isinstance(index, slice):
            return RecordsOf(self._rows[index])
        record = self._made.get(index)
        if record is None:
            record = self._made[index] = record_of_row(self._rows[index])
        return record


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

    def texts(self) -> list[str]:
        """Every id as the database gave it (a copy)."""
        return list(self._texts)


def load_records(municipality_id: Any) -> tuple[PersonIds, list[matching.Record]]:
    """The primary keys and matcher records of every person of a municipality."""
    return _records(Person.objects.filter(municipality_id=municipality_id).order_by())


@dataclass
class Near:
    """The persons of a municipality near an import's new records (``load_near``): their
    primary keys and rows as the database gave them, and how common each name is among all
    of the municipality's persons and the new records (``name_shares`` of both). Their
    rows are coded for the matcher (``coded``) when it first asks, which may be in a forked
    process, and a record is made of a row only where one is compared (``records``); the
    weights are estimated from them and the new records there, for the ``population``
    (``find_pairs``)."""

    pks: PersonIds
    rows: list[tuple[Any, ...]]  # RECORD_COLUMNS
    share: dict[str, float]
    population: int  # the municipality's persons and the new records
    # The rows coded, where coded already (chosen from ``Everyone``).
    made: tuple[Vocabulary, Coded] | None = None
    others: list[tuple[Any, ...]] = field(default_factory=list)  # ``read_other_names``

    def aliases(self) -> list[tuple[int, matching.Record]]:
        """The persons' records under their other names, each with its person's index
        (``under_other_names``)."""
        if not self.others:
            return []
        return list(under_other_names(self.pks.texts(), self.records, self.others))

    @functools.cached_property
    def records(self) -> RecordsOf:
        return RecordsOf(self.rows)

    @functools.cached_property
    def coded(self) -> tuple[Vocabulary, Coded]:
        """The rows coded for the matcher (``code_rows``), and the vocabulary of their
        texts, which the new records are coded with too."""
        if self.made is not None:
            return self.made
        vocabulary = Vocabulary()
        return vocabulary, code_rows(vocabulary, self.rows)

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


def read_other_names(municipality_id: Any, *, read: Read = read_here) -> list[tuple[Any, ...]]:
    """The id (as text), name in its script and other names of each person of a
    municipality who has any: few beside the persons, in a query of their own."""
    named = (
        Person.objects.filter(municipality_id=municipality_id)
        .exclude(name_original="", other_names="")
        .order_by()
        .values_list(Cast("pk", output_field=CharField()), "name_original", "other_names")
    )
    return list(read(named))


def under_other_names(
    pks: Sequence[str], records: Sequence[matching.Record], others: Iterable[tuple[Any, ...]]
) -> Iterator[tuple[int, matching.Record]]:
    """The records (``records``, with their ids ``pks`` as text) under each of their other
    names (``read_other_names``), each with the index of its person; an other name with the
    keys of the person's own (the name in Cyrillic that reads as the Latin one) and a
    person not among ``pks`` (saved after they were read, or not near) are left out."""
    wanted = {pk: (original, other_names) for pk, original, other_names in others}
    if not wanted:
        return
    for index, pk in enumerate(pks):
        found = wanted.get(pk)
        if found is None:
            continue
        original, other_names = found
        record = records[index]
        names = {(record.given, record.family)}
        for alias in aliases.records(record, original, other_names)[1:]:
            if (alias.given, alias.family) not in names:
                names.add((alias.given, alias.family))
                yield index, alias


def load_people(municipality_id: Any) -> tuple[PersonIds, list[matching.Record], int]:
    """``load_records``, and after the persons the same records under each person's other
    names (``aliases.records``: the name in its script, a maiden name), each with the
    person's id again: the bulk detection compares a person also by those. The number of
    persons is the third (the records before it are one per person)."""
    pks, records = load_records(municipality_id)
    persons = len(records)
    texts = pks.texts()
    found = list(under_other_names(texts, records, read_other_names(municipality_id)))
    for index, alias in found:
        texts.append(texts[index])
        records.append(alias)
    return (PersonIds(texts) if found else pks), records, persons


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


@dataclass
class Names:
    """A municipality's distinct name keys (``PersonName``, kept by triggers), by column, each
    with how many persons bear it and its skeleton, and how many persons there are
    (``read_names``): how common each name is, and which are near an import's new rows
    (``load_near``)."""

    given: list[tuple[str, int, str]]
    family: list[tuple[str, int, str]]
    persons: int


def read_names(municipality_id: Any, *, read: Read = read_here) -> Names:
    """The municipality's ``Names``: a few thousand rows where the persons may be a million."""
    names = PersonName.objects.filter(municipality_id=municipality_id, persons__gt=0).order_by()
    given, family = (
        [
            (key, number, skeleton(key) if key else "")
            for key, number in read(names.values_list(column).annotate(number=Sum("persons")))
        ]
        for column in ("given_key", "family_key")
    )
    # Every person has one family name key ("" for none): their numbers add up to all.
    return Names(given, family, sum(number for _key, number, _sound in family))


@dataclass
class Everyone:
    """Every person of a municipality (``read_all``): the rows as ``load_near`` reads those
    near new rows, coded for the matcher (``code_rows``)."""

    rows: list[tuple[Any, ...]]  # RECORD_COLUMNS
    vocabulary: Vocabulary
    coded: Coded


def read_all(municipality_id: Any, *, read: Read = read_here) -> Everyone:
    """Every person of a municipality, for an import whose file is large beside the persons:
    nearly all of them are near its rows then (the date of birth alone reaches those born
    on any of the rows' days), and they are read and coded while the file is checked,
    before the rows are known (``imports._detect_early``); those near the rows are chosen
    from them once the rows are known (``load_near``)."""
    persons = Person.objects.filter(municipality_id=municipality_id).order_by()
    rows = list(read(persons.values_list(*RECORD_COLUMNS)))
    vocabulary = Vocabulary()
    return Everyone(rows, vocabulary, code_rows(vocabulary, rows))


def load_near(
    municipality_id: Any,
    new: Sequence[matching.Record],
    *,
    read: Read = read_here,
    names: Names | None = None,
    everyone: Everyone | None = None,
    others: list[tuple[Any, ...]] | None = None,
    aliases: Sequence[matching.Record] = (),
) -> Near:
    """The persons of a municipality that may share a block with one of the ``new`` records
    (an import), and how common each name is among all of the municipality's persons and
    the new records (``Near``).

    ``find_pairs`` with ``only_with`` the new records finds the same pairs in these persons
    as in all of them with the same weights: every block that holds a new record holds all
    its known members. On PostgreSQL only the persons that share a name skeleton, the first
    letters of a name, a date of birth or a postcode (the house) with a new record are
    loaded; elsewhere all of them. The weights (``calibration.calibrate``) are estimated from
    the loaded persons and the new records, for the size of the whole municipality.

    ``names``: the municipality's ``read_names``, if read already; ``everyone``: all its
    persons, if read already (``read_all``): the persons near are chosen from them;
    ``others``: its ``read_other_names``, if read already; ``aliases``: the new records
    under other names (the name in its script), by whose names persons are near too.
    """
    if names is None:
        names = read_names(municipality_id, read=read)
    counts: Counter[str] = Counter()
    near_given: list[str] = []
    near_family: list[str] = []
    named = [*new, *aliases]
    sounds = {sound for r in named for sound in (skeleton(r.given), skeleton(r.family)) if sound}
    prefixes = {
        prefix
        for r in named
        if len(r.given) >= 3 and len(r.family) >= 3
        for prefix in (r.given[:3], r.family[:3])
    }
    for keys, near in ((names.given, near_given), (names.family, near_family)):
        for key, number, sound in keys:
            if key:
                counts[sound] += number
                if sound in sounds or (len(key) >= 3 and key[:3] in prefixes):
                    near.append(key)
    for record in new:
        for key in (record.given, record.family):
            if key:
                counts[skeleton(key)] += 1
    known = names.persons
    share = duplicates.shares(counts, known + len(new))
    if not known:  # no persons yet: none near
        return Near(PersonIds([]), [], share, len(new))
    postcodes = sorted({r.postcode for r in new if duplicates.is_house(r.street)})
    if everyone is not None:
        chosen = _near_of(
            everyone,
            new,
            given=near_given,
            family=near_family,
            postcodes=postcodes,
            share=share,
            known=known,
        )
        chosen.others = read_other_names(municipality_id, read=read) if others is None else others
        return chosen
    persons = Person.objects.filter(municipality_id=municipality_id).order_by()
    if connection.vendor == "postgresql":
        close = RawSQL(
            "given_key IN (SELECT unnest(%s::text[])) OR family_key IN (SELECT unnest(%s::text[]))"
            " OR (birth_date_precision = %s AND birth_date IN (SELECT unnest(%s::date[])))",
            (array(near_given), array(near_family), DatePrecision.DAY.value, _days(new)),
            output_field=BooleanField(),
        )
        persons = persons.alias(near=close).filter(
            Q(near=True) | Q(household__postcode__in=postcodes)
        )
    rows = list(read(persons.values_list(*RECORD_COLUMNS)))
    if others is None:
        others = read_other_names(municipality_id, read=read)
    return Near(PersonIds([row[0] for row in rows]), rows, share, known + len(new), None, others)


def _near_of(
    everyone: Everyone,
    new: Sequence[matching.Record],
    *,
    given: list[str],
    family: list[str],
    postcodes: list[str],
    share: dict[str, float],
    known: int,
) -> Near:
    """The persons near the ``new`` records among ``everyone``, chosen as the database
    chooses them (``load_near``): the same persons, so the same weights and pairs, however
    they were read. Chosen by the coded rows, not one row at a time."""
    coded, ids = everyone.coded, everyone.vocabulary.ids
    days = [
        r.birth_date.toordinal()
        for r in new
        if r.birth_date and r.birth_precision == DatePrecision.DAY
    ]
    near = (
        np.isin(coded.given, [ids[key] for key in given if key in ids])
        | np.isin(coded.family, [ids[key] for key in family if key in ids])
        | (coded.to_the_day & np.isin(coded.ordinal, days))
    )
    if "" in postcodes:  # a household's postcode "", not a person without household (None)
        wanted = set(postcodes)
        near |= np.fromiter((row[6] in wanted for row in everyone.rows), bool, len(everyone.rows))
    else:  # a person without household is coded "" as well
        near |= np.isin(coded.postcode, [ids[code] for code in postcodes if code in ids])
    chosen = np.flatnonzero(near)
    rows = [everyone.rows[index] for index in chosen.tolist()]
    return Near(
        PersonIds([row[0] for row in rows]),
        rows,
        share,
        known + len(new),
        (everyone.vocabulary, coded.take(chosen)),
    )


def births_of(municipality_id: Any, new: Sequence[matching.Record]) -> list[tuple[Any, ...]]:
    """Date of birth, its precision, given and family name key (``Near.births_and_names``)
    of each person of a municipality born on the day of one of the ``new`` records known
    to the day: those of the persons near them that a certain match could link one to.
    PostgreSQL only."""
    born = RawSQL("birth_date = ANY(%s::date[])", (_days(new),), output_field=BooleanField())
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


def _days(new: Sequence[matching.Record]) -> str:
    """The dates of birth of the records known to the day (``array``)."""
    days = {r.birth_date for r in new if r.birth_date and r.birth_precision == "day"}
    return array(str(day) for day in days)


def array(values: Iterable[str]) -> str:
    """The texts ``values`` as PostgreSQL writes an array of them, to be sent as one
    parameter and cast (``%s::text[]``). A list is sent element by element: Django's
    psycopg quotes each one here, and the database then parses every quoted element while
    it plans. An import's 20,000 source ids are looked up in 43 ms instead of 69 ms this
    way."""
    quoted = ('"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"' for value in values)
    return "{" + ",".join(quoted) + "}"


@collector_paused()
def _records(persons: QuerySet[Person]) -> tuple[PersonIds, list[matching.Record]]:
    rows = read_here(persons.values_list(*RECORD_COLUMNS))
    pks: list[str] = []
    records: list[matching.Record] = []
    for row in rows:
        pks.append(row[0])
        records.append(record_of_row(row))
    return PersonIds(pks), records
