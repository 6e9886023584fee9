"""Speed and outcome of the duplicate warning (intake and edit) among realistic migrant names.

    .venv/bin/python bench/intake_migrants.py [--municipality kept-migrants] [--known 2000]
        [--new 200] [--seed 11]

Uses the database of DATABASE_URL and a municipality that holds the known persons of
``bench/import_migrants.py --keep-known`` (100,000 persons from ``bench/names.py``; about
73,500 distinct names, where the generated persons of ``bench/people.py`` have a few
hundred). For ``--known`` of them as another office wrote them (another spelling or script,
swapped names, a typo, only the year of birth …) and ``--new`` persons not known, the
warning is asked as the intake form asks it (``queries.possible_duplicates``: name and
date of birth). Prints the time per warning (median, 95th percentile, most) and how often
the known person was among the persons offered.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--municipality", default="kept-migrants")
    parser.add_argument("--known", type=int, default=2000)
    parser.add_argument("--new", type=int, default=200)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    import django

    django.setup()
    import import_migrants
    from django.db import connection

    from lotse.accounts.enums import Role
    from lotse.accounts.models import User
    from lotse.people import queries
    from lotse.people.models import PersonName, PersonSource
    from lotse.tenancy.models import Municipality

    municipality = Municipality.objects.get(slug=args.municipality)
    known_of = dict(
        PersonSource.objects.filter(municipality=municipality, source="kim").values_list(
            "external_id", "person_id"
        )
    )
    if not known_of:
        sys.exit(f"{municipality.slug} holds no known persons: run import_migrants.py first")
    user = User.objects.filter(
        membership__municipality=municipality, membership__role=Role.CASE_MANAGER
    ).first()
    if user is None:
        from tests.factories import make_user

        user = make_user(Role.CASE_MANAGER, municipality)
    _known, again, new = import_migrants._rows(len(known_of), 20_000, 7)
    rng = random.Random(args.seed)  # noqa: S311  (benchmark data)
    asked = [(row, True) for row in rng.sample(again, args.known)]
    asked += [(row, False) for row in rng.sample(new, args.new)]
    names = PersonName.objects.filter(municipality=municipality, persons__gt=0).count()
    print(
        f"{connection.vendor}; {len(known_of)} persons, {names} distinct names; "
        f"{args.known} known persons as another office wrote them, {args.new} new"
    )
    times, offered = [], 0
    for row, is_known in asked:
        started = time.perf_counter()
        found = queries.possible_duplicates(
            user,
            given_name=row.given,
            family_name=row.family,
            birth_date=row.birth,
            birth_date_precision=row.precision,
        )
        times.append(time.perf_counter() - started)
        if is_known and known_of.get(str(row.person)) in {match.person.pk for match in found}:
            offered += 1
    times.sort()
    print(
        f"  warning: median {statistics.median(times) * 1000:.1f} ms, "
        f"p95 {times[int(len(times) * 0.95)] * 1000:.1f} ms, most {times[-1] * 1000:.0f} ms"
    )
    print(f"  the known person offered: {offered} of {args.known}")


if __name__ == "__main__":
    main()
