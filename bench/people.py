"""Speed of knowing a person once: the name search, the bulk duplicate detection, the import.

    .venv/bin/python bench/people.py [--searches 200] [--import-rows 20000] [--skip-detection]
        [--empty-municipality wuppertal]

Uses the database of DATABASE_URL (PostgreSQL for the real figures) filled with
bench/generate.py. Prints:

- the top-10 name search (``people.queries.search_persons``, as the page and the API call
  it): median and 95th percentile over --searches queries, half typed exactly, half with a
  typo, a quarter narrowed by the year of birth;
- the warning at intake (``people.queries.possible_duplicates``) for as many known persons
  typed again with a typo in the family name, half of them with the date of birth;
- the bulk detection of the municipality (``people.services.detect_duplicates`` minus the
  writing: loading and comparing), its time and the peak memory of the process;
- an import of --import-rows invented records (``people.imports.import_persons`` with
  ``dry_run``: checking and matching against every person of the municipality; then the
  same file really written, with the foreign keys checked as a commit would, in a
  transaction that is rolled back), each with the name
  caches emptied as in a fresh process: rows per second; with
  --empty-municipality, the same file also into a municipality without persons (a first
  import from another system).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ra",
    "sen",
    "tu",
    "vi",
    "do",
    "ne",
    "pa",
    "gor",
    "li",
    "an",
    "ber",
    "chi",
    "da",
    "el",
    "fo",
    "ha",
    "is",
    "jo",
    "ku",
    "ma",
    "nu",
    "or",
    "sa",
]


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(2, len(word) - 1)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def _percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, round(len(ordered) * 0.95) - 1)]
    return f"median {statistics.median(ordered) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms"


def _sample(municipality, count: int, rng: random.Random):  # type: ignore[no-untyped-def]
    """``count`` random persons of the municipality (among its first 50,000)."""
    from lotse.people.models import Person

    ids = list(
        Person.objects.filter(municipality=municipality).values_list("pk", flat=True)[:50_000]
    )
    return Person.objects.filter(pk__in=rng.sample(ids, min(count, len(ids))))


def bench_search(user, municipality, count: int, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    from lotse.people import queries

    sample = _sample(municipality, count, rng)
    times: list[float] = []
    found = 0
    for number, person in enumerate(sample):
        family = person.family_name if number % 2 else _typo(rng, person.family_name)
        text = f"{person.given_name} {family}"
        narrowing = {}
        if number % 4 == 0 and person.birth_date:
            narrowing = {"birth_date": person.birth_date, "birth_date_precision": "year"}
        started = time.perf_counter()
        hits = queries.search_persons(user, text, limit=10, **narrowing)
        times.append(time.perf_counter() - started)
        found += any(hit.person.pk == person.pk for hit in hits)
    print(
        f"search top 10 ({len(times)} queries, half with a typo): {_percentiles(times)}; "
        f"the person among the 10 in {found} of {len(times)}"
    )


def bench_intake(user, municipality, count: int, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    """The warning at intake (``possible_duplicates``) for known persons typed again with a
    typo in the family name, half of them with the date of birth."""
    from lotse.people import queries

    sample = _sample(municipality, count, rng)
    times: list[float] = []
    found = 0
    for number, person in enumerate(sample):
        birth = person.birth_date if number % 2 else None
        started = time.perf_counter()
        matches = queries.possible_duplicates(
            user,
            given_name=person.given_name,
            family_name=_typo(rng, person.family_name),
            birth_date=birth,
            birth_date_precision=person.birth_date_precision,
        )
        times.append(time.perf_counter() - started)
        found += any(match.person.pk == person.pk for match in matches)
    print(
        f"intake warning ({len(times)} names with a typo, half with the date of birth): "
        f"{_percentiles(times)}; the person among the 5 offered in {found} of {len(times)}"
    )


def bench_detection(municipality) -> None:  # type: ignore[no-untyped-def]
    from lotse.people import duplicates, loading

    started = time.perf_counter()
    pks, records = loading.load_records(municipality.pk)
    loaded = time.perf_counter() - started
    detection = duplicates.find_pairs(records)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # The largest forked process that compared a part of the pairs (shares pages with this).
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    processes = duplicates.comparing_processes(len(records))
    print(
        f"bulk detection of {len(pks)} persons: {seconds:.1f} s ({loaded:.1f} s loading), "
        f"{detection.compared} pairs compared, {len(detection.candidates)} candidates, "
        f"{detection.skipped_blocks} blocks too large; {processes} comparing processes, "
        f"peak memory {peak:.0f} MiB (largest forked process {child:.0f} MiB)"
    )


def import_file(rng: random.Random, rows: int, source: str = "bench") -> bytes:
    """An import file of ``rows`` invented persons (names of random syllables)."""
    from lotse.people import imports

    def name(parts: int) -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()

    lines = [";".join(imports.COLUMNS)]
    lines += [
        f"{source};{n};{name(2)};{name(3)};;{rng.randint(1940, 2020)}-{rng.randint(1, 12):02d}-"
        f"{rng.randint(1, 28):02d};;RO;{name(2)}str. {rng.randint(1, 150)};47169;Duisburg;"
        for n in range(rows)
    ]
    return "\n".join(lines).encode()


def check_deferred_constraints() -> None:
    """What a commit would check: the foreign keys that PostgreSQL defers to the end of
    the transaction (a rolled-back transaction never checks them)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def vacuum() -> None:
    """Clear away the rows of earlier rolled-back imports (dead rows and index entries
    that the next import's writing would wade through), so that each run starts alike."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "VACUUM people_person, people_household, people_personsource,"
                " people_personname, people_duplicatepair, audit_auditevent"
            )


def rolled_back_import(municipality, data: bytes) -> float:  # type: ignore[no-untyped-def]
    """Seconds to import ``data`` for real, with the checks of the commit, in a
    transaction that is then rolled back (the database vacuumed before)."""
    from django.db import transaction

    vacuum()

    from lotse.people import imports

    class RollbackError(Exception):
        pass

    started = time.perf_counter()
    try:
        with transaction.atomic():
            imports.import_persons(
                acting_user=None, municipality=municipality, filename="bench.csv", data=data
            )
            check_deferred_constraints()
            elapsed = time.perf_counter() - started
            raise RollbackError
    except RollbackError:
        pass
    return elapsed


def forget_names() -> None:
    """Empty the caches of name keys and comparisons, so that each import starts as the
    first one of a process does (a second import of the same rows would match faster)."""
    from lotse.people import duplicates, imports, loading, matching, name_levels, names, reach

    for module in (names, matching, name_levels, reach, duplicates, loading, imports):
        for value in vars(module).values():
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()


def bench_import(municipality, data: bytes, rows: int) -> None:  # type: ignore[no-untyped-def]
    from lotse.people import imports

    persons = municipality.persons.count()
    print(f"import into {municipality.slug} ({persons} persons):")
    forget_names()
    started = time.perf_counter()
    report = imports.import_persons(
        acting_user=None, municipality=municipality, filename="bench.csv", data=data, dry_run=True
    )
    checked = time.perf_counter() - started
    print(
        f"  check and match of {rows} rows: {checked:.1f} s, {rows / checked:.0f} rows/s "
        f"({report.created} new, {report.linked} linked, {report.queued} queued)"
    )

    forget_names()
    written = rolled_back_import(municipality, data)
    print(f"  with writing: {written:.1f} s, {rows / written:.0f} rows/s (rolled back)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--searches", type=int, default=200)
    parser.add_argument("--import-rows", type=int, default=20_000)
    parser.add_argument("--skip-detection", action="store_true")
    parser.add_argument("--municipality", default="duisburg")
    parser.add_argument("--empty-municipality", help="also import into this one (no persons)")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")
    import django

    django.setup()
    from django.db import connection

    from lotse.accounts.models import User
    from lotse.people.models import Person
    from lotse.tenancy.models import Municipality

    rng = random.Random(11)  # noqa: S311  (benchmark data)
    municipality = Municipality.objects.get(slug=args.municipality)
    user = User.objects.get(username="cm.hamborn")
    persons = Person.objects.filter(municipality=municipality).count()
    print(f"{connection.vendor}, {persons} persons in {municipality.slug}")
    if args.searches:
        bench_search(user, municipality, args.searches, rng)
        bench_intake(user, municipality, args.searches, rng)
    if not args.skip_detection:
        bench_detection(municipality)
    if args.import_rows:
        data = import_file(rng, args.import_rows)
        bench_import(municipality, data, args.import_rows)
        if args.empty_municipality:
            empty = Municipality.objects.get(slug=args.empty_municipality)
            bench_import(empty, data, args.import_rows)


if __name__ == "__main__":
    main()
