"""Server time of the gap-and-overlap analysis and of the public service finder.

    .venv/bin/python bench/landscape.py [--services 300] [--requests 50] [--warmup 3]

Adds invented services (with sites and hours in the benchmark districts) until the
municipality has --services of them, then times, in-process through Django's test client:
the analysis itself (no HTTP), the analysis page and its XLSX download for the coordinator,
and the finder pages and public API without login. Prints median and 95th percentile and
the queries per request. Fill the database first with bench/generate.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=300)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("LOTSE_HTTPS", "0")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from lotse.accounts.models import User
    from lotse.directory.analysis import analyse
    from lotse.directory.models import Service
    from lotse.people.models import Person

    coordinator = User.objects.get(username="koordination.duisburg")
    municipality = coordinator.membership.municipality
    _fill(municipality, args.services)
    persons = Person.objects.filter(municipality=municipality).count()
    services = Service.objects.filter(municipality=municipality).count()
    staff = Client()
    staff.force_login(coordinator)
    public = Client()
    one = Service.objects.filter(municipality=municipality).order_by("name").first()
    assert one is not None  # noqa: S101
    finder = "/kommune/duisburg/angebote"
    cases: list[tuple[str, Callable[[], object]]] = [
        ("analysis (no HTTP)", lambda: analyse(municipality)),
        ("analysis page", lambda: staff.get("/landscape/")),
        ("analysis, one district", lambda: staff.get("/landscape/?district=Hochfeld")),
        ("gaps as XLSX", lambda: staff.get("/landscape/gaps.xlsx")),
        ("finder (de)", lambda: public.get(f"{finder}/de/")),
        (
            "finder filtered (ar)",
            lambda: public.get(f"{finder}/ar/?domain=health&language=ar&open=today"),
        ),
        ("finder service page", lambda: public.get(f"{finder}/ro/{one.pk}/")),
        ("public API list", lambda: public.get("/api/v1/public/duisburg/services?limit=50")),
    ]
    print(f"{persons} persons, {services} services, {connection.vendor}")
    print(f"{'what':<24}{'median ms':>10}{'p95 ms':>9}{'queries':>9}")
    for label, call in cases:
        for _ in range(args.warmup):
            call()
        times = []
        for _ in range(args.requests):
            start = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                call()
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        p95 = times[max(0, int(len(times) * 0.95) - 1)]
        print(
            f"{label:<24}{statistics.median(times):>10.1f}{p95:>9.1f}"
            f"{len(queries.captured_queries):>9}"
        )


def _fill(municipality: object, wanted: int) -> None:
    """Invented services with sites and hours, bulk-inserted, until there are ``wanted``."""
    from django.db import transaction

    from lotse.core.catalogues import Language, LifeDomain
    from lotse.directory.enums import TargetGroup
    from lotse.directory.models import Service
    from lotse.tenancy.models import OpeningHours, Organisation, Site

    existing = Service.objects.filter(municipality=municipality).count()
    if existing >= wanted:
        return
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from generate import DISTRICTS

    rng = random.Random(11)  # noqa: S311  (benchmark data)
    organisations = list(Organisation.objects.filter(municipality=municipality))
    with transaction.atomic():
        sites = []
        for index, district in enumerate(DISTRICTS * 5):
            organisation = rng.choice(organisations)
            sites.append(
                Site(
                    municipality_id=organisation.municipality_id,
                    organisation=organisation,
                    name=f"Bench-Standort {index} {district}",
                    street=f"Benchstraße {index}",
                    postcode="47051",
                    city="Duisburg",
                    district=district,
                )
            )
        Site.objects.bulk_create(sites)
        OpeningHours.objects.bulk_create(
            OpeningHours(
                site=site,
                kind="office",
                weekday=day,
                opens=dt.time(9 + rng.randint(0, 4)),
                closes=dt.time(15 + rng.randint(0, 3)),
            )
            for site in sites
            for day in rng.sample(range(6), k=2)
        )
        new = []
        links = []
        for number in range(wanted - existing):
            organisation = rng.choice(organisations)
            service = Service(
                municipality_id=organisation.municipality_id,
                organisation=organisation,
                name=f"Bench-Angebot {number}",
                description="Beratung (Benchmark)",
                life_domains=rng.sample(LifeDomain.values, k=rng.randint(1, 4)),
                languages=["de", *rng.sample(Language.values[1:], k=rng.randint(0, 4))],
                target_groups=rng.sample(TargetGroup.values, k=1),
                waiting_days=rng.randint(0, 60),
                capacity=rng.randint(10, 100),
            )
            new.append(service)
            for site in rng.sample(sites, k=rng.randint(1, 2)):
                links.append(Service.sites.through(service_id=service.pk, site_id=site.pk))
        Service.objects.bulk_create(new)
        Service.sites.through.objects.bulk_create(links)


if __name__ == "__main__":
    main()
