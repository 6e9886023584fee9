"""Speed and outcome of an import of realistic migrant records, with known ground truth.

    .venv/bin/python bench/import_migrants.py [--known 100000] [--rows 20000]
        [--municipality wuppertal] [--seed 7]

Uses the database of DATABASE_URL (PostgreSQL for the real figures) after the demo seed;
the municipality must have no persons yet. Everything is written in one transaction that
is rolled back at the end: the database is left as it was (the foreign keys that a commit
would check are checked after each import, and counted in its time).

The persons come from the generator of ``bench/names.py`` (origins, name frequencies,
households, spellings and variants as described there). The municipality first gets the
first records of ``--known`` persons (imported, as a first migration would). The measured
file then brings ``--rows`` rows from another office: for half of them a known person as
that office wrote them (``bench/names.py``'s second record: another spelling or script,
swapped names, a typo, only the year of birth, no address …), the other half persons not
known yet. Prints rows per second (checking and matching alone, then with writing) and
what became of the rows: a known person's row linked to that person, queued for review
with that person, or created without a pair (missed); a new person's row created (right)
or linked or queued with somebody (a false match).

With ``--keep-known`` the known persons are committed on the first run and the later runs
find them there: the measured file is then imported in a transaction of its own, as the
command and the web import run it (the forked matcher reads the known persons over a
connection of its own while the rows are written, decision 0020). Without it they are
imported in the measured file's transaction, which then takes the way of an import inside
a transaction that has written. Use a municipality kept for this: the committed persons
(and their audit entries, which nothing deletes) stay.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")

from people import check_deferred_constraints, forget_names, vacuum


def _line(source: str, external_id: int, row) -> str:  # type: ignore[no-untyped-def]
    if row.birth is None:
        birth = ""
    elif row.precision == "year":
        birth = str(row.birth.year)
    else:
        birth = row.birth.isoformat()
    city = "Duisburg" if row.postcode else ""
    return (
        f"{source};{external_id};{row.given};{row.family};;{birth};;;"
        f"{row.street};{row.postcode};{city};"
    )


def _file(lines: list[str]) -> bytes:
    from lotse.people import imports

    return "\n".join([";".join(imports.COLUMNS), *lines]).encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--known", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--municipality", default="wuppertal")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--keep-known",
        action="store_true",
        help="commit the known persons once and measure the file in a transaction of its own",
    )
    args = parser.parse_args()
    import django

    django.setup()
    from django.db import connection, transaction

    from lotse.people.models import Person, PersonSource
    from lotse.tenancy.models import Municipality

    municipality = Municipality.objects.get(slug=args.municipality)
    sources = PersonSource.objects.filter(municipality=municipality)
    kept = args.keep_known and sources.filter(source="kim").count() == args.known
    if Person.objects.filter(municipality=municipality).exists() and not (
        kept and sources.count() == args.known
    ):
        sys.exit(
            f"{municipality.slug} has persons already: choose a municipality without any "
            "(or, with --keep-known, one that holds only the known persons of an earlier run)."
        )
    known, again, new = _rows(args.known, args.rows, args.seed)
    lines = [_line("jobcenter", row.person, row) for row in again + new]
    print(
        f"{connection.vendor}; {len(known)} known persons, a file of {len(lines)} rows "
        f"({len(again)} known persons written again, {len(new)} new)"
    )

    class RollbackError(Exception):
        pass

    if args.keep_known and not kept:
        with transaction.atomic():
            _import_known(municipality, known, ", kept")
    elif kept:
        print("  the known persons of an earlier run are there")
    vacuum()  # the rows of earlier rolled-back runs
    try:
        with transaction.atomic():
            if not args.keep_known:
                _import_known(municipality, known, "")
            _measure(municipality, lines, again, new)
            raise RollbackError
    except RollbackError:
        pass


def _rows(known_count: int, rows: int, seed: int):  # type: ignore[no-untyped-def]
    """The known persons' first records, and the file's rows: half of them known persons
    as another office wrote them (their second records), the others new persons."""
    import names

    half = rows // 2
    firsts: dict[int, names.Row] = {}
    seconds: dict[int, names.Row] = {}
    for row in names.generate(known_count + half, seed):
        (seconds if row.person in firsts else firsts)[row.person] = row
    known = [firsts[person] for person in range(known_count)]
    again = [seconds[person] for person in range(known_count) if person in seconds][:half]
    new = [firsts[person] for person in range(known_count, known_count + rows - len(again))]
    return known, again, new


def _import_known(municipality, known, note: str) -> None:  # type: ignore[no-untyped-def]
    from lotse.people import imports

    started = time.perf_counter()
    report = imports.import_persons(
        acting_user=None,
        municipality=municipality,
        filename="known.csv",
        data=_file([_line("kim", row.person, row) for row in known]),
    )
    check_deferred_constraints()
    print(
        f"  the known persons imported first: {time.perf_counter() - started:.1f} s "
        f"({report.created} created, {report.linked} linked, {report.queued} queued){note}"
    )


def _measure(municipality, lines: list[str], again, new) -> None:  # type: ignore[no-untyped-def]
    """The file checked and matched alone (a dry run), then imported, and its outcome."""
    from lotse.people import imports
    from lotse.people.models import DuplicatePair, PersonSource

    data = _file(lines)
    forget_names()
    started = time.perf_counter()
    report = imports.import_persons(
        acting_user=None,
        municipality=municipality,
        filename="jobcenter.csv",
        data=data,
        dry_run=True,
    )
    checked = time.perf_counter() - started
    print(
        f"  check and match: {checked:.1f} s, {len(lines) / checked:.0f} rows/s "
        f"({report.created} new, {report.linked} linked, {report.queued} queued)"
    )
    forget_names()
    started = time.perf_counter()
    imports.import_persons(
        acting_user=None, municipality=municipality, filename="jobcenter.csv", data=data
    )
    check_deferred_constraints()
    written = time.perf_counter() - started
    print(f"  with writing: {written:.1f} s, {len(lines) / written:.0f} rows/s")
    _outcome(municipality, again, new, PersonSource, DuplicatePair)


def _outcome(municipality, again, new, person_source, duplicate_pair) -> None:  # type: ignore[no-untyped-def]
    """What became of each row, by the persons the sources point to and the pairs queued."""
    sources = person_source.objects.filter(municipality=municipality)
    person_of = {
        (source, external_id): person
        for source, external_id, person in sources.values_list("source", "external_id", "person_id")
    }
    pairs = set()
    for first, second in duplicate_pair.objects.filter(municipality=municipality).values_list(
        "first_id", "second_id"
    ):
        pairs.update({(first, second), (second, first)})
    paired = {first for first, _second in pairs}
    linked = queued = missed = 0
    for row in again:
        mine, theirs = (
            person_of[("jobcenter", str(row.person))],
            person_of[("kim", str(row.person))],
        )
        if mine == theirs:
            linked += 1
        elif (mine, theirs) in pairs:
            queued += 1
        else:
            missed += 1
    right = false_link = false_pair = 0
    known_persons = {person for (source, _id), person in person_of.items() if source == "kim"}
    for row in new:
        mine = person_of[("jobcenter", str(row.person))]
        if mine in known_persons:
            false_link += 1
        elif mine in paired:
            false_pair += 1
        else:
            right += 1
    print(
        f"  known persons written again ({len(again)}): {linked} linked, {queued} queued with "
        f"the right person, {missed} not found ({(linked + queued) / len(again):.3f} found)"
    )
    print(
        f"  new persons ({len(new)}): {right} created alone, {false_link} linked to "
        f"someone else, {false_pair} queued with someone (a relative or namesake to review)"
    )


if __name__ == "__main__":
    main()
