"""The rows an import writes while the matcher runs: only rows no certain match can link,
and the outcome the same as writing after the matching."""

import datetime as dt
import multiprocessing
import os
import uuid

import psycopg
import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from lotse.accounts.enums import Role
from lotse.audit.models import AuditEvent
from lotse.core import forked
from lotse.people import duplicates, import_jobs, import_writer, imports, loading, matching
from lotse.people import services as people_services
from lotse.people.models import DuplicatePair, Household, Person, PersonSource, person_skeleton
from tests.factories import make_user
from tests.people.test_duplicates import _varied, imported_municipality

# Name keys that meet in every way the matcher knows: the same, a compound name written as
# one word or two, a particle, another spelling, a typo, and a name missing.
KEYS = [
    "",
    "ion",
    "ioan",
    "maria",
    "maria elena",
    "mariaelena",
    "popescu",
    "popesku",
    "popescu ionescu",
    "popescuionescu",
    "al hassan",
    "hassan",
    "alhasan",
]
DAYS = [dt.date(1990, 3, 7), dt.date(1990, 7, 3), dt.date(1991, 3, 7)]
PRECISIONS = ["day", "day", "month", "year"]


def _record(given_key, family_key, day, precision):
    return matching.Record(
        given=given_key,
        family=family_key,
        skeletons=person_skeleton(given_key, family_key),
        birth_date=day,
        birth_precision=precision,
    )


records = st.builds(
    _record,
    st.sampled_from(KEYS),
    st.sampled_from(KEYS),
    st.sampled_from([*DAYS, None]),
    st.sampled_from(PRECISIONS),
)


def _rows(known, new):
    """The rows of ``imports._unlinkable``: the known records, then the new ones (each new
    row stands for itself)."""
    near = loading.Near(
        pks=loading.PersonIds([str(uuid.UUID(int=pk)) for pk in range(len(known))]),
        rows=[
            (pk, r.given, r.family, r.birth_date, r.birth_precision, "", "", "", "")
            for pk, r in enumerate(known)
        ],
        share={},
        population=len(known) + len(new),
    )
    return imports.Rows(plan=imports.Plan(), fresh=list(range(len(new))), new=new, near=near)


def _unlinkable(known, new):
    rows = _rows(known, new)
    return imports._unlinkable(rows, rows.near.births_and_names())


def _certain_with_an_earlier(records, index):
    return any(
        imports._certain(
            matching.compare(first, second), imports._written(first), imports._written(second)
        )
        for earlier in records[:index]
        for first, second in ((earlier, records[index]), (records[index], earlier))
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(records, max_size=12), st.lists(records, min_size=1, max_size=12))
def test_a_row_written_early_has_no_certain_match_before_it(known, new):
    """Whatever the matcher finds, a row counted unlinkable is created: no earlier record
    (a known person, an earlier row) makes a certain match with it, in either order."""
    unlinkable = set(_unlinkable(known, new))
    for offset in unlinkable:
        assert not _certain_with_an_earlier([*known, *new], len(known) + offset)


def test_rows_without_a_twin_are_written_early_and_the_others_wait():
    day = DAYS[0]
    known = [
        _record("maria elena", "popescu", day, "day"),
        _record("", "hassan", day, "day"),  # no given name: never certain
    ]
    new = [
        _record("mariaelena", "popescu", day, "day"),  # the same name, one word: waits
        _record("maria", "popesku", day, "day"),  # another spelling: never certain
        _record("ion", "hassan", day, "day"),  # the known given name is missing: written
        _record("ion", "popescu", day, "year"),  # a year only: never certain
        _record("ion", "popescu", DAYS[1], "day"),  # first of its day
        _record("ion", "popescu", DAYS[1], "day"),  # its twin just before: waits
    ]
    assert list(_unlinkable(known, new)) == [1, 2, 3, 4]
    # Each row that waits does have a certain match before it.
    records = [*known, *new]
    assert [_certain_with_an_earlier(records, 2 + offset) for offset in (0, 5)] == [True] * 2


def _outcome(municipality):
    """An import's outcome in a municipality, told by source ids (the pks differ)."""
    sources: dict = {}
    for source, external_id, person_id in PersonSource.objects.filter(
        municipality=municipality
    ).values_list("source", "external_id", "person_id"):
        sources.setdefault(person_id, set()).add(f"{source}:{external_id}")
    persons = {
        pk: (tuple(sorted(sources[pk])), values)
        for pk, *values in Person.objects.filter(municipality=municipality).values_list(
            "pk", "given_name", "family_name", "birth_date", "version", "household__street"
        )
    }
    pairs = sorted(
        (sorted([persons[first][0], persons[second][0]]), score, tuple(evidence))
        for first, second, score, evidence in DuplicatePair.objects.filter(
            municipality=municipality
        ).values_list("first_id", "second_id", "score", "evidence")
    )
    audit = sorted(
        (event_type, persons[target_id][0] if target_id in persons else None)
        for event_type, target_id in AuditEvent.objects.filter(
            municipality_id=municipality.pk, target_type="people.person"
        ).values_list("event_type", "target_id")
        for target_id in [uuid.UUID(target_id)]
    )
    return (
        sorted(persons.values()),
        pairs,
        Household.objects.filter(municipality=municipality).count(),
        audit,
    )


def _files():
    """A file of known persons, then one of updates, links, pairs to review and new rows."""
    header = ";".join(imports.COLUMNS)
    # Some known persons also bear another name, by which rows of the second file meet them
    # (queued, never linked).
    maiden = ["Radu", "Lupu", "Stan", "Dinu", "Toma"]
    first = _varied(200, seed=1)
    named = [
        ";".join([*cells[:4], f"{cells[2]} {maiden[n]}", *cells[5:]])
        for n, cells in enumerate(row.split(";") for row in first[:5])
    ]
    by_maiden = [
        ";".join(["maiden", f"m{n}", cells[2], maiden[n], *cells[4:]])
        for n, cells in enumerate(row.split(";") for row in first[:5])
    ]
    known = "\n".join([header, *named, *first[5:]]).encode()
    changed = [_nationality(row, "RO") for row in _varied(200, seed=1)[:20]]
    # The same persons under other ids (certain links), and new ones near the known.
    again = [row.replace("s1;", "again;", 1) for row in _varied(200, seed=1)[100:140]]
    # A known person's twin (name and day) under another id of the same source: another
    # person to it, created once the matcher is done.
    dated = next(row for row in _varied(200, seed=1) if row.split(";")[5].count("-") == 2)
    twin = ";".join(["s1", "twin", *dated.split(";")[2:]])
    # Rows written with other names whose name in its script is a known person's (queued
    # by the row's other name), one of them also written otherwise as itself.
    latin = ["Alex Miller", "Sam Becker", "Leo Wagner", "Ben Koch"]
    dated_known = [
        cells for cells in (row.split(";") for row in first[10:]) if cells[5].count("-") == 2
    ]
    scripted = [
        ";".join(["script", f"o{n}", *name.split(), f"{cells[2]} {cells[3]}", *cells[5:]])
        for n, (name, cells) in enumerate(zip(latin, dated_known, strict=False))
    ]
    second = [*changed, *again, twin, *by_maiden, *scripted, *_varied(150, seed=2)]
    return known, "\n".join([header, *second]).encode()


def _imported(monkeypatch, *, possible):
    """The report of the second file and the outcome, in a municipality of its own; the
    forked matcher ``possible`` or not."""
    monkeypatch.setattr(forked, "possible", lambda: possible)
    manager = make_user(Role.CASE_MANAGER)
    municipality = manager.membership.municipality
    for data in _files():
        report = imports.import_persons(
            acting_user=manager, municipality=municipality, filename="f.csv", data=data
        )
        assert report.ok
    return report.as_dict(), _outcome(municipality)


@pytest.mark.django_db
def test_writing_while_matching_gives_what_writing_after_it_gives(monkeypatch):
    """On PostgreSQL the unlinkable rows are written while a forked process matches: the
    same persons, source ids, pairs, households and audit entries as writing after the
    matching (as SQLite does), for a file of links, pairs to review, updates and new rows,
    written in several parts."""
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL writes while matching")
    monkeypatch.setattr(import_writer, "PART", 64)
    early_counts = []
    unlinkable = imports._unlinkable

    def counted(rows, births):
        early_counts.append(0)
        for row in unlinkable(rows, births):
            early_counts[-1] += 1
            yield row

    monkeypatch.setattr(imports, "_unlinkable", counted)
    with_early = _imported(monkeypatch, possible=True)
    after = _imported(monkeypatch, possible=False)

    assert with_early == after
    report = with_early[0]
    assert min(report["linked"], report["queued"], report["created"]) > 0
    assert report["updated"] == 20
    # Rows of the known persons' other names met them (``_files``): most of the five; a
    # row's best match may be another person, or their dates too far apart.
    by_other_names = [pair for pair in with_early[1][1] if "other_name" in pair[2]]
    met = {source for pair in by_other_names for ids in pair[0] for source in ids}
    assert len(met & {f"maiden:m{n}" for n in range(5)}) >= 3
    # Both imports of the first municipality wrote rows early, the second some rows late;
    # the second municipality's did not look for them.
    assert len(early_counts) == 2
    assert 0 < early_counts[1] < report["created"]


@pytest.mark.django_db
def test_a_matcher_that_dies_leaves_its_work_to_the_import(monkeypatch, caplog):
    """The forked matcher dies while the rows are written: the import matches them itself,
    with the same outcome."""
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL writes while matching")
    after = _imported(monkeypatch, possible=False)
    detect = imports._detect

    def dying(rows):
        if forked._computing:  # in the forked matcher
            os._exit(1)
        return detect(rows)

    monkeypatch.setattr(imports, "_detect", dying)
    assert _imported(monkeypatch, possible=True) == after
    assert "A computing process failed (died)" in caplog.text


def _nationality(row, code):
    cells = row.split(";")
    cells[imports.COLUMNS.index("nationality")] = code
    return ";".join(cells)


@pytest.mark.django_db
def test_the_progress_goes_forward_only():
    """Checking, (matching,) writing: never back to an earlier step or figure, the writing
    counted over all new rows and ending full, however the rows were written."""
    header = ";".join(imports.COLUMNS)
    manager = make_user(Role.CASE_MANAGER)
    steps = []
    for data in (_varied(200, seed=1), [*_varied(200, seed=1)[100:140], *_varied(150, seed=2)]):
        rows = [row.replace("s1;", "again;", 1) for row in data] if steps else data
        steps.clear()
        report = imports.import_persons(
            acting_user=manager,
            municipality=manager.membership.municipality,
            filename="f.csv",
            data="\n".join([header, *rows]).encode(),
            progress=lambda *step: steps.append(step),
        )
        assert report.ok
        order = [(import_jobs.PHASES.index(phase), done) for phase, done, _total in steps]
        assert order == sorted(order)
        writing = [step for step in steps if step[0] == "writing"]
        assert writing[-1] == ("writing", len(rows), len(rows))
        assert {total for _phase, _done, total in writing} == {len(rows)}


def _forked_functions(monkeypatch):
    """The names of the functions the import forks a process for, as it forks them."""
    names = []
    fork = forked.Forked

    def recording(function, *args, **options):
        names.append(function.__name__)
        return fork(function, *args, **options)

    monkeypatch.setattr(forked, "Forked", recording)
    return names


# How the forked matcher reads the known persons: forked as the import starts, reading
# every person (a file large beside them) or those near the rows once they are known; or
# forked once the rows are known (a workbook: its rows are not counted before it is read).
WAYS = {
    "early, every person": ("_detect_early", 0.0),
    "early, the persons near": ("_detect_early", 10.0**9),
    "apart": ("_detect_apart", None),
}


def _reading(monkeypatch, way):
    """The import's matcher made to read the known persons the ``way`` named (``WAYS``);
    the names of the functions forked and whether every person was read, as they come."""
    function, all_from = WAYS[way]
    if all_from is None:
        monkeypatch.setattr(imports._Early, "start", classmethod(lambda cls, *args: None))
    else:
        monkeypatch.setattr(imports, "ALL_FROM", all_from)
    read_all = loading.read_all
    everyone = multiprocessing.Value("i", 0)  # counted in the forked matcher too

    def reading_all(*args, **options):
        with everyone.get_lock():
            everyone.value += 1
        return read_all(*args, **options)

    monkeypatch.setattr(loading, "read_all", reading_all)
    return function, _forked_functions(monkeypatch), everyone


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("way", list(WAYS))
@pytest.mark.parametrize("parallel_from", [duplicates.PARALLEL_FROM, 1], ids=["one", "two"])
def test_a_matcher_reading_the_known_persons_itself_gives_the_same(
    monkeypatch, caplog, parallel_from, way
):
    """When the import's transaction has written nothing yet (an import of its own, not
    inside a larger transaction that has), the forked matcher reads the known persons over
    a connection of its own while the file is checked or the rows are written: every person
    or those near the rows. The outcome is that of writing after the matching, whether the
    matcher compares in one process or in two (from PARALLEL_FROM pairs on)."""
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL writes while matching")
    monkeypatch.setattr(duplicates, "PARALLEL_FROM", parallel_from)
    monkeypatch.setattr(import_writer, "PART", 64)
    function, forks, everyone = _reading(monkeypatch, way)
    apart = _imported(monkeypatch, possible=True)
    assert forks == [function, function]
    # The first file finds no persons; the second reads every person where it is to.
    assert everyone.value == (1 if way == "early, every person" else 0)
    assert "A computing process failed" not in caplog.text  # the forked process did it
    assert _imported(monkeypatch, possible=False) == apart
    report = apart[0]
    assert min(report["linked"], report["queued"], report["created"]) > 0
    # Rows met by the name in their script (``_files``) are among the pairs.
    by_script = [
        evidence
        for persons, _score, evidence in apart[1][1]
        if any(source.startswith("script:") for sources in persons for source in sources)
    ]
    assert len(by_script) >= 4
    assert all("other_name" in evidence for evidence in by_script)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("way", list(WAYS))
def test_a_matcher_that_dies_leaves_the_reading_apart_to_the_import(monkeypatch, caplog, way):
    """The forked matcher dies before it reads: the import reads the known persons over a
    connection of its own as well, so that the persons it has written meanwhile are not
    among them, and the outcome is the same."""
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL writes while matching")
    after = _imported(monkeypatch, possible=False)
    function, _forks, _everyone = _reading(monkeypatch, way)
    detect = getattr(imports, function)

    def dying(*args):
        if forked._computing:  # in the forked matcher
            os._exit(1)
        return detect(*args)

    monkeypatch.setattr(imports, function, dying)
    assert _imported(monkeypatch, possible=True) == after
    assert "A computing process failed (died)" in caplog.text


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("streamed", [True, False], ids=["streamed", "in parts"])
def test_the_persons_read_for_the_matcher_are_those_django_reads(monkeypatch, streamed):
    """The known persons read for the matcher, over the importing connection or over one of
    its own, streamed (libpq 17 and later) or in parts (before): the rows and values that
    Django reads."""
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL reads apart")
    municipality = imported_municipality(40, seed=5)
    if streamed:
        assert psycopg.capabilities.has_stream_chunked()  # as the project's psycopg brings it
    else:
        monkeypatch.setattr(loading, "_streaming", lambda: False)
    monkeypatch.setattr(loading, "_PART", 7)  # several parts
    persons = (
        Person.objects.filter(municipality=municipality)
        .order_by("pk")
        .values_list(*loading.RECORD_COLUMNS)
    )
    expected = list(persons)
    assert len(expected) == 40
    with loading.reading_apart() as read:
        assert list(read(persons)) == expected
    assert list(loading.read_here(persons)) == expected


@pytest.mark.django_db
def test_inside_a_transaction_that_has_written_the_known_persons_are_read_here(monkeypatch):
    """Another connection would not see what the surrounding transaction wrote (here: the
    user and the municipality of the test): the known persons are loaded by the importing
    connection and the forked process only matches."""
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL writes while matching")
    forks = _forked_functions(monkeypatch)
    _imported(monkeypatch, possible=True)
    assert forks == ["_detect", "_detect"]


@pytest.mark.django_db(transaction=True)
def test_a_person_saved_between_the_two_reads_is_queued_not_linked(monkeypatch):
    """The import reads the persons born on a new row's day a moment apart from the forked
    matcher's reading: a person saved in between may be a certain match the import did not
    see. The row written early is then not linked (it is a person already) but queued with
    that person for review, and the import goes through."""
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL writes while matching")
    monkeypatch.setattr(forked, "possible", lambda: True)
    manager = make_user(Role.CASE_MANAGER)
    municipality = manager.membership.municipality
    header = ";".join(imports.COLUMNS)

    def imported(row):
        return imports.import_persons(
            acting_user=manager,
            municipality=municipality,
            filename="f.csv",
            data=f"{header}\n{row}".encode(),
        )

    saved = "jc;1;Maria;Popescu;;1990-03-07;female;RO;;;;"
    assert imported(saved).created == 1
    # The import's own reading happened before the person was saved: it sees nobody.
    monkeypatch.setattr(loading, "births_of", lambda municipality_id, new: [])
    report = imported(saved.replace("jc;", "abh;"))
    assert (report.linked, report.queued, report.created) == (0, 1, 1)
    assert Person.objects.filter(municipality=municipality).count() == 2
    pair = DuplicatePair.objects.get(municipality=municipality)
    assert {"name:same", "birth:date"} <= set(pair.evidence)


@pytest.mark.django_db
def test_the_persons_near_chosen_from_every_person_are_those_the_database_chooses():
    """Read early, every person; once the rows are known, those near them are chosen as the
    database chooses them: the same persons, records, name shares and population, so the
    same weights and pairs as a dry run or a workbook finds."""
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL reads the persons near the rows alone")
    municipality = imported_municipality(40, seed=5)
    for given_name, family_name in (("Zbigniew", "Xylander"), ("Quirin", "Wolkenstein")):
        people_services.create_person(  # near no row: other names, a year of birth alone
            acting_user=None,
            municipality=municipality,
            given_name=given_name,
            family_name=family_name,
            birth_date=dt.date(1950, 1, 1),
            birth_date_precision="year",
        )
    incoming, report = imports.check_file(
        "n.csv", "\n".join([";".join(imports.COLUMNS), *_varied(15, seed=9)]).encode()
    )
    assert report.ok
    new = [imports._record(row) for row in incoming]
    near = loading.load_near(municipality.pk, new)
    chosen = loading.load_near(municipality.pk, new, everyone=loading.read_all(municipality.pk))
    assert 0 < len(near.rows) < Person.objects.filter(municipality=municipality).count()
    assert sorted(zip(chosen.rows, chosen.records, strict=True)) == sorted(
        zip(near.rows, near.records, strict=True)
    )
    assert (chosen.share, chosen.population) == (near.share, near.population)


@pytest.mark.django_db(transaction=True)
def test_the_early_matcher_ends_before_the_writing_where_no_row_is_new(monkeypatch):
    """A file of known rows only needs no matcher: the one forked as the import started has
    ended before the writing starts, and so has one for a file that is refused."""
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL forks the matcher early")
    known, _changed = _files()
    manager = make_user(Role.CASE_MANAGER)
    municipality = manager.membership.municipality
    assert imports.import_persons(
        acting_user=manager, municipality=municipality, filename="f.csv", data=known
    ).ok
    writer = imports.Writer
    alive_at_writing = []

    def watched(*args, **options):
        alive_at_writing.append(multiprocessing.active_children())
        return writer(*args, **options)

    monkeypatch.setattr(imports, "Writer", watched)
    started = []
    early = imports._Early.start

    def starting(cls, *args):
        forked_early = early.__func__(cls, *args)
        started.append(forked_early is not None)
        return forked_early

    monkeypatch.setattr(imports._Early, "start", classmethod(starting))
    report = imports.import_persons(
        acting_user=manager, municipality=municipality, filename="f.csv", data=known
    )
    assert (report.unchanged, report.created) == (200, 0)
    assert started == [True]  # forked, and
    assert alive_at_writing == [[]]  # ended before the writing
    bad = known.replace(b"\n", b"\nx;1;A;B;;31.02.1990;;;;;;\n", 1)
    refused = imports.import_persons(
        acting_user=manager, municipality=municipality, filename="f.csv", data=bad
    )
    assert not refused.ok
    assert started == [True, True]
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("end", [b"\n", b"\r\n", b"\r"])
def test_the_early_matcher_counts_the_rows_whatever_ends_the_lines(end):
    """It reads every person for a file large beside them (``ALL_FROM``): a file whose
    lines end in CR alone, as old Mac programs write them, counted as one line."""
    data = end.join([b"source;external_id;given_name;family_name", *[b"jc;1;Ion;Pop"] * 4])
    assert imports.lines_of(data + end) == 5
