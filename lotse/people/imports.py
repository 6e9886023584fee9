"""Importing persons from other systems (CSV or XLSX): check everything, then write all or
nothing, matching every record against the persons already known.

Columns: docs/import-format.md. A row is identified by ``source`` + ``external_id``:
importing the same file again changes nothing. A new record is compared with the persons
of the municipality and the rows before it (``matching.compare``):

- a certain match (the same name, written the same, and the same date of birth) is
  **linked**: the person gets the source id, no second person is created;
- a likely match is created and its pair **queued for review** (the duplicate queue),
  with every person it is as like as the best (the same score);
- anything else is **created**.

All rows are checked first (``import_rows``); any error imports nothing and the report
names every bad row and column. The writing is one transaction, so a crash or a killed
process leaves the database as it was.

On PostgreSQL the writing starts before the matching ends: a new row that no certain match
can link (no earlier record born the same day shares a word of both names) is created
whatever the matcher finds, so those rows are written while a forked process matches
(``forked``); the matcher and the database each work on a core of their own. The forked
process reads the known persons itself, over a connection of its own, while this one reads
only those born on a new row's day and starts writing (where another connection sees the
same persons: not inside a larger transaction that has written). It is forked as the
import starts (``_Early``): while this process checks the file, it reads the names and, for
a file large beside the municipality, every person. The other rows follow once the
matching is done. The outcome is the same as writing after the matching.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction

from lotse.audit import services as audit
from lotse.audit.events import EventType
from lotse.core import forked
from lotse.core.collector import collector_paused
from lotse.people import duplicates, import_known, loading, matching
from lotse.people.enums import DatePrecision
from lotse.people.import_aliases import aliases_of, as_persons, records_of
from lotse.people.import_rows import (
    COLUMNS,
    MAX_BYTES,
    PERSON_VALUES,
    ImportReport,
    Incoming,
    Progress,
    check_file,
    parse_birth,
    source_id,
    source_key,
)
from lotse.people.import_writer import Writer, shown
from lotse.people.joined import Joined
from lotse.people.models import PersonSource
from lotse.people.names import shared_key

if TYPE_CHECKING:
    from lotse.accounts.models import User
    from lotse.tenancy.models import Municipality

__all__ = [
    "COLUMNS",
    "MAX_BYTES",
    "PERSON_VALUES",
    "ImportReport",
    "Incoming",
    "check_file",
    "import_persons",
    "parse_birth",
]


def _record(incoming: Incoming) -> matching.Record:
    """The matcher's record of a row. Without the skeletons of all its names, which only the
    name search reads (``matching.match_text``): the writer makes them for the persons it
    creates (``import_writer.Writer._person``), while the matcher runs."""
    fields = incoming.fields
    return matching.Record(
        given=shared_key(fields["given_name"]),
        family=shared_key(fields["family_name"]),
        birth_date=fields["birth_date"],
        birth_precision=fields["birth_date_precision"],
        street=shared_key(incoming.street),
        postcode=incoming.postcode,
        city=shared_key(incoming.city),
        phone="".join(ch for ch in fields["phone"] if ch.isdigit()),
    )


@collector_paused()  # many rows, records and keys that live until the end
def import_persons(
    *,
    acting_user: User | None,
    municipality: Municipality,
    filename: str,
    data: bytes,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Check the file, match its records and, if every row is valid and not ``dry_run``,
    write them in one transaction. Raises ``ImportFileError`` for a file that cannot be
    read at all; row errors are in the report, and then nothing is written.

    Side effects (only for a valid file): new persons with their source ids and an audit
    entry each, source ids added to linked persons, changed persons updated, pairs queued
    for review, and one audit entry PERSONS_IMPORTED with the figures.
    """
    early = None if dry_run else _Early.start(municipality, data)
    try:
        incoming, report = check_file(filename, data, progress=progress)
        report.dry_run = dry_run
        if not report.ok:
            return report
        rows = _load(municipality, incoming, report)
        if dry_run:
            _decide(rows, _detect(_with_near(municipality, rows)), report, progress)
            return report
        overlap = bool(rows.fresh) and (
            early is not None or (connection.vendor == "postgresql" and forked.possible())
        )
        if early is not None and not overlap:  # no new rows: not needed while writing
            early.cancel()
            early = None
        matched = None if overlap else _detect(_with_near(municipality, rows))  # before writing
        with transaction.atomic(), Writer(acting_user, municipality, rows, progress) as writer:
            if matched is None:
                matched = _detect_while_writing(municipality, rows, writer, early)
                early = None  # its result is taken
                # The bar is at "writing" already.
                _decide(rows, matched, report, None, written=writer.created)
            else:
                _decide(rows, matched, report, progress)
            writer.finish()
            audit.record(
                EventType.PERSONS_IMPORTED,
                actor=acting_user,
                municipality=municipality,
                context={"file": filename[:200], **report.as_dict()},
            )
        return report
    finally:
        if early is not None:  # not needed (a bad file, no new rows) or the import failed
            early.cancel()


@dataclass
class Plan:
    create: list[Incoming] = field(default_factory=list)
    # The other person is a known person's pk, or an earlier row of the file (created).
    link: list[tuple[Incoming, Any]] = field(default_factory=list)
    review: list[tuple[Incoming, Any, matching.Evidence]] = field(default_factory=list)
    update: list[tuple[Any, dict[str, Any]]] = field(default_factory=list)
    names: dict[Any, dict[str, Any]] = field(default_factory=dict)  # of the updated persons
    sources: list[PersonSource] = field(default_factory=list)  # known, with new digests
    moves: list[tuple[Any, Incoming]] = field(default_factory=list)  # to a new address


@dataclass
class Rows:
    """A file's rows against the known persons: the updates planned, the new rows (no
    known source id) with their records, and the known persons near them where they are
    loaded in this process (``_with_near``)."""

    plan: Plan
    fresh: list[Incoming]
    new: list[matching.Record]  # of the new rows
    near: loading.Near | None = None
    # The new rows' records under the name in its script, each with its row's index.
    aliases: list[tuple[int, matching.Record]] = field(default_factory=list)


@dataclass
class _Matched:
    """What the matcher found: the pairs of the records, the known persons near the new
    rows first (``known`` of them), then the new rows; the ids of the known persons in a
    pair, by their index, as the database gives them as text (a forked matcher sends
    10,000 texts in 4 ms, ``UUID``s in 44 ms)."""

    detection: duplicates.Detection
    known: int
    pks: dict[int, str]
    names: dict[int, tuple[str, str]]  # of the same known persons (``_written``)


def _load(municipality: Municipality, incoming: list[Incoming], report: ImportReport) -> Rows:
    """Rows with a known source id become updates (or nothing: ``import_known``); the others
    are new."""
    known = import_known.known_sources(municipality, incoming)
    fresh: list[Incoming] = []
    again: list[tuple[Incoming, import_known.Known]] = []
    for row in incoming:
        found = known.get(source_id(row.source, row.external_id))
        if found is None:
            fresh.append(row)
        else:
            again.append((row, found))
    updates = import_known.updates(again)
    changed = {pk for pk, _changes in updates.changes}
    report.updated += len(changed) + sum(pk not in changed for pk, _row in updates.moves)
    report.unchanged += updates.unchanged
    plan = Plan(
        update=updates.changes, names=updates.names, sources=updates.sources, moves=updates.moves
    )
    new = [_record(row) for row in fresh]
    return Rows(plan, fresh, new, aliases=aliases_of(fresh, new))


def _with_near(municipality: Municipality, rows: Rows) -> Rows:
    """``rows`` with the known persons near the new rows loaded here (none without them)."""
    if rows.fresh:
        rows.near = loading.load_near(municipality.pk, rows.new, aliases=records_of(rows.aliases))
    return rows


def _detect(rows: Rows) -> _Matched:
    """The pairs of a new row and a known person or an earlier row that reach the
    threshold of a duplicate, best first. Touches no database; codes the known persons'
    rows (``loading.Near.coded``) and makes records of those it compares."""
    if rows.near is None:
        return _Matched(duplicates.Detection([], 0, 0), 0, {}, {})
    return _matched(rows.near, rows.new, rows.aliases)


def _detect_apart(
    municipality_id: Any, new: list[matching.Record], aliases: list[tuple[int, matching.Record]]
) -> _Matched:
    """``_detect``, the known persons loaded over a connection of its own: they are what
    is committed, not the rows this import is writing meanwhile."""
    with loading.reading_apart() as read:
        near = loading.load_near(municipality_id, new, read=read, aliases=records_of(aliases))
    return _matched(near, new, aliases)


# The new rows' records and their records under other names (``Rows.aliases``).
New = tuple[list[matching.Record], list[tuple[int, matching.Record]]]


# From this many rows of a file per person of the municipality, the forked matcher reads
# every person while the file is checked (``_detect_early``): nearly all are near the rows
# then. 20,000 rows of invented or realistic names were near 94 % to 100 % of 100,000
# persons, and 94 % of a million (the date of birth alone: the persons born on any of the
# rows' days).
ALL_FROM = 0.02


class _Early:
    """The matcher, forked as the import starts (``start``): while this process checks the
    file and finds the new rows, it reads the municipality's names and, for a file large
    beside the persons (``ALL_FROM``), every person, over a connection of its own; it
    matches once the new rows' records come (``send``)."""

    def __init__(self, municipality_id: Any, lines: int) -> None:
        self.records: forked.Later[New] = forked.Later()
        self.detecting = forked.Forked(
            _detect_early, municipality_id, self.records, lines, forks=True
        )

    @classmethod
    def start(cls, municipality: Municipality, data: bytes) -> _Early | None:
        """The matcher forked now, where it can read apart what this process would read
        (PostgreSQL, a process that may fork, a transaction that has written nothing yet)
        and the file is text (its lines tell how many rows it has): else None."""
        if (
            connection.vendor != "postgresql"
            or data.startswith(b"PK")  # a workbook (a zip file)
            or not forked.possible()
            or not _others_see_the_same()
        ):
            return None
        return cls(municipality.pk, lines_of(data))

    def send(self, rows: Rows) -> None:
        self.records.send((rows.new, rows.aliases))

    def cancel(self) -> None:
        self.detecting.cancel()


def lines_of(data: bytes) -> int:
    """How many lines a text file has, whatever ends them (LF, CR LF, or CR alone as old
    Mac programs write it)."""
    return max(data.count(b"\n"), data.count(b"\r"))


def _detect_early(municipality_id: Any, later: forked.Later[New], lines: int) -> _Matched:
    """``_detect_apart``, begun before the new rows are known (``_Early``): the names, the
    other names, and every person where the file's ``lines`` are many beside them, are
    read first."""
    later.listen()
    with loading.reading_apart() as read:
        names = loading.read_names(municipality_id, read=read)
        everyone = None
        if names.persons and lines >= names.persons * ALL_FROM:
            everyone = loading.read_all(municipality_id, read=read)
        others = loading.read_other_names(municipality_id, read=read)
        new, new_aliases = later.get()
        near = loading.load_near(
            municipality_id,
            new,
            read=read,
            names=names,
            everyone=everyone,
            others=others,
            aliases=records_of(new_aliases),
        )
    return _matched(near, new, new_aliases)


def _matched(
    near: loading.Near,
    new: list[matching.Record],
    new_aliases: list[tuple[int, matching.Record]],
) -> _Matched:
    """The pairs of a new row and a known person or an earlier row; a known person is also
    compared under their other names (``Near.aliases``: a maiden name, the name in its
    script), and a new row under the name in its script (``new_aliases``, ``Rows.aliases``),
    which is never a certain match (``_certain``)."""
    known = len(near.pks)
    known_aliases = near.aliases()
    theirs = len(known_aliases)
    others = theirs + len(new_aliases)
    rest = [*records_of(known_aliases), *records_of(new_aliases), *new]
    vocabulary, coded = near.coded  # the known persons' rows, coded as they were read
    records: Sequence[matching.Record] = Joined(near.records, rest)
    detection = duplicates.find_pairs(
        records,
        threshold=duplicates.DUPLICATE_THRESHOLD,
        only_with=set(range(known + theirs, len(records))),  # the new rows under any name
        share=near.share,
        population=near.population,  # the weights estimated from these records, for all
        others=range(known, known + others),  # not from the records under other names
        coded=(vocabulary, coded.joined(vocabulary.code(rest))),
    )
    if others:
        owners = [person for person, _alias in known_aliases]
        owners += [known + row for row, _alias in new_aliases]  # a row's index among all
        detection = as_persons(detection, known, owners)
        records = Joined(near.records, new)
    paired = {
        index
        for candidate in detection.candidates
        for index in (candidate.first, candidate.second)
        if index < known
    }
    pks = {index: near.pks.text(index) for index in paired}
    return _Matched(detection, known, pks, {index: _written(records[index]) for index in paired})


def _detect_while_writing(
    municipality: Municipality, rows: Rows, writer: Writer, early: _Early | None
) -> _Matched:
    """Match in a forked process while this one finds the rows that cannot be linked
    (``_unlinkable``) and prepares them, and the database writes them. Once they are
    written, this process only waits: the matcher may compare its many pairs in two
    processes (``duplicates.find_pairs``).

    Where another connection sees the same persons (``_others_see_the_same``), the forked
    process loads the known persons near the rows itself, over a connection of its own,
    while this one reads only those born on a new row's day and starts writing; the
    matcher forked as the import started (``early``) is sent the new rows. Otherwise (an
    import inside a larger transaction that has written) they are loaded here first."""
    births: Callable[[], Iterable[tuple[Any, ...]]]
    if early is not None:
        early.send(rows)
        detecting = early.detecting
        births = functools.partial(loading.births_of, municipality.pk, rows.new)
    elif _others_see_the_same():
        detecting = forked.Forked(
            _detect_apart, municipality.pk, rows.new, rows.aliases, forks=True
        )
        births = functools.partial(loading.births_of, municipality.pk, rows.new)
    else:
        near = rows.near = loading.load_near(
            municipality.pk, rows.new, aliases=records_of(rows.aliases)
        )
        detecting = forked.Forked(_detect, rows, forks=True)
        births = near.births_and_names
    try:
        writer.create(_unlinkable(rows, births()))
    except BaseException:
        detecting.cancel()
        raise
    return detecting.result()


def _others_see_the_same() -> bool:
    """Whether another connection sees the persons this one does (PostgreSQL): this
    connection's transaction has written nothing yet and reads what is committed, statement
    by statement (``read committed``, Django's default), not a snapshot of its own."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_current_xact_id_if_assigned() IS NULL"
            " AND current_setting('transaction_isolation') = 'read committed'"
        )
        return bool(cursor.fetchone()[0])


def _decide(
    rows: Rows,
    matched: _Matched,
    report: ImportReport,
    progress: Progress | None,
    written: Container[int] = frozenset(),
) -> None:
    """Per new row, by its best match with a known person or an earlier row: link (a
    certain match), create and queue the pair for review (a likely one), or create.

    Where the row is as like several persons (the same score, as the queue shows it: a
    relative at the same address, two records of one person), it is queued with each of
    them: the order in which the persons were read does not decide whom the case manager
    sees. (A row certainly one of several persons is linked to one of them: those persons
    are duplicates of each other, which the bulk detection finds.)

    A row ``written`` already (by id: created while the matcher ran, having no certain
    match among the persons read for it) is never linked: should the matcher, which read
    the persons a moment apart, find a certain match for it after all (a person saved in
    between), the pair is queued for review."""
    plan, known = rows.plan, matched.known
    best: dict[int, list[tuple[int, matching.Evidence]]] = {}
    for candidate in matched.detection.candidates:  # best first
        for mine, theirs in (
            (candidate.first, candidate.second),
            (candidate.second, candidate.first),
        ):
            if mine < known or theirs > mine:
                continue
            found = best.setdefault(mine, [])
            if not found or shown(candidate.evidence) == shown(found[0][1]):
                found.append((theirs, candidate.evidence))
    # What each new row became: a known person's pk, or the row whose person it is.
    resolved: dict[int, Any] = {}
    held = _sources_held(matched, best)
    for offset, row in enumerate(rows.fresh):
        index = known + offset
        targets, certain = _targets(rows, matched, resolved, offset, best.get(index, []))
        # A source gives one person one id: a person holding another id of the row's
        # source is another person to it (two records of the Jobcenter born 01.01.1995).
        source = source_key(row.source)
        certain = [target for target in certain if source not in held.get(_key(target), ())]
        if certain and id(row) not in written:
            plan.link.append((row, certain[0]))
            resolved[index] = certain[0]
            held.setdefault(_key(certain[0]), set()).add(source)
            report.linked += 1
            continue
        if targets:
            plan.review.extend((row, target, evidence) for target, evidence in targets)
            report.queued += 1
        plan.create.append(row)
        resolved[index] = row
        held.setdefault(id(row), set()).add(source)
        report.created += 1
        if progress is not None and offset % 5000 == 0:
            progress("matching", offset, len(rows.fresh))


def _key(target: Any) -> Any:
    """A target of ``_targets`` as a key: a known person's pk, or a row by its id."""
    return id(target) if isinstance(target, Incoming) else target


def _sources_held(
    matched: _Matched, best: dict[int, list[tuple[int, matching.Evidence]]]
) -> dict[Any, set[str]]:
    """The sources (``source_id``) whose ids the known persons a row could be certain of
    already hold, by pk: one query for those persons alone."""
    pks = {
        uuid.UUID(matched.pks[theirs])
        for found in best.values()
        for theirs, evidence in found
        if theirs < matched.known and _same_name_and_day(evidence)
    }
    held: dict[Any, set[str]] = {}
    if pks:
        sources = PersonSource.objects.filter(person_id__in=pks)
        for person, source in sources.values_list("person_id", "source").iterator():
            held.setdefault(person, set()).add(source_key(source))
    return held


def _targets(
    rows: Rows,
    matched: _Matched,
    resolved: dict[int, Any],
    offset: int,
    best: list[tuple[int, matching.Evidence]],
) -> tuple[list[tuple[Any, matching.Evidence]], list[Any]]:
    """The persons the new row at ``offset`` is as like as its ``best`` matches (a known
    person's pk, or what an earlier row became), each once, and those of them it certainly
    is (``_certain``)."""
    known, names = matched.known, _written(rows.new[offset])
    targets: dict[Any, tuple[Any, matching.Evidence]] = {}  # by pk, or by a row's id
    certain: list[Any] = []
    for theirs, evidence in best:
        if theirs < known:
            target, other = uuid.UUID(matched.pks[theirs]), matched.names[theirs]
        else:
            target, other = resolved[theirs], _written(rows.new[theirs - known])
        key = _key(target)
        if key not in targets:
            targets[key] = (target, evidence)
            if _certain(evidence, names, other):
                certain.append(target)
    return list(targets.values()), certain


def _certain(evidence: matching.Evidence, written: tuple[str, str], other: tuple[str, str]) -> bool:
    """The same name, written the same, and the same date of birth: the same person, linked
    without asking. Both records' names (``_written``) must be there and be the same, but
    for spaces (Maria Elena, Mariaelena): a record with part of the other's name (Ali
    Hassan, Mohammed Ali Hassan; with dates of birth of the first of January as common as
    they are, perhaps father and son) or without one of the names goes to the review
    queue, as does anything else less certain."""
    return (
        _same_name_and_day(evidence)
        and written == other
        and all(written)
        and duplicates.OTHER_NAME not in evidence.other
    )


def _same_name_and_day(evidence: matching.Evidence) -> bool:
    """The evidence a certain match needs (``_certain``): the same name, born the
    same day."""
    return evidence.name == "same" and evidence.birth == "date"


def _written(record: matching.Record) -> tuple[str, str]:
    """A record's given and family name as a certain match must write them (``_certain``)."""
    return record.given.replace(" ", ""), record.family.replace(" ", "")


def _unlinkable(rows: Rows, births: Iterable[tuple[Any, ...]]) -> Iterator[Incoming]:
    """The new rows that no certain match (``_certain``) can link, created whatever the
    matcher finds: no earlier record (a known person loaded, or an earlier row) is born the
    same day with the same names written the same (``_written``). ``births`` are the known
    persons' (``Near.births_and_names``, at least those born on a new row's day). In the
    order of the file, each as soon as it is known, so that the first part is written
    before the last rows are looked at. A row without a date known to the day, or without
    one of its names, is never certain."""
    days = {r.birth_date for r in rows.new if r.birth_precision == DatePrecision.DAY}
    seen: set[tuple[dt.date, str, str]] = set()
    for birth, precision, given_key, family_key in births:
        if precision == DatePrecision.DAY and birth in days:  # else no new row's twin
            seen.add((birth, given_key.replace(" ", ""), family_key.replace(" ", "")))
    for row, record in zip(rows.fresh, rows.new, strict=True):
        if record.birth_precision != DatePrecision.DAY or record.birth_date is None:
            yield row
            continue
        twin = (record.birth_date, *_written(record))
        if twin not in seen:
            yield row
        seen.add(twin)
