"""Benchmarks: request times and memory of the main pages and API operations.

    make bench            (or: .venv/bin/python bench/run.py [--sites N] [--requests N])

Builds a throwaway SQLite database (or uses DATABASE_URL), loads the demo data plus N extra
sites, and prints median and 95th-percentile times per request, the queries per request and
the peak Python memory. Figures go into docs/performance.md with the machine they came from.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=200)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    var = tempfile.mkdtemp(prefix="lotse-bench-")
    os.environ.setdefault("LOTSE_VAR_DIR", var)
    os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 60)
    os.environ.setdefault("LOTSE_HTTPS", "0")
    os.environ.setdefault("LOTSE_DEMO", "1")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")
    import django

    django.setup()
    user, raw = _prepare(args.sites)
    _measure(user, raw, args)


def _prepare(extra_sites: int) -> tuple[object, str]:
    """Database with the demo data plus extra sites; returns a case manager and a token."""
    from django.core.management import call_command

    from lotse.accounts.models import User
    from lotse.accounts.services import create_api_token
    from lotse.tenancy import services
    from lotse.tenancy.enums import HoursKind
    from lotse.tenancy.models import Municipality, Organisation

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("seed-demo", stdout=open(os.devnull, "w"))  # noqa: SIM115, PTH123
    duisburg = Municipality.objects.get(slug="duisburg")
    organisation = Organisation.objects.filter(municipality=duisburg).first()
    window = services.HoursWindow(HoursKind.OFFICE_HOURS, 0, dt.time(10), dt.time(12))
    for number in range(extra_sites):
        services.create_site(
            acting_user=None,
            organisation=organisation,
            name=f"Bench-Standort {number}",
            street="Teststraße 1",
            postcode="47051",
            city="Duisburg",
            district="Altstadt",
            is_support_centre=True,
            hours=[window],
        )
    user = User.objects.select_related("membership__municipality").get(username="cm.hamborn")
    _token, raw = create_api_token(acting_user=None, user=user, name="bench")
    return user, raw


def _measure(user: object, raw: str, args: argparse.Namespace) -> None:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import override_settings

    staff = Client()
    staff.force_login(user)
    anonymous = Client()
    api_headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    cases = [
        ("public support centres", anonymous, "/kommune/duisburg/beratungsstellen/", {}),
        ("staff site list", staff, "/sites/", {}),
        ("staff home", staff, "/home/", {}),
        ("API GET /sites?limit=50", anonymous, "/api/v1/sites?limit=50", api_headers),
        ("login page", anonymous, "/login/", {}),
    ]
    print(f"Lotse benchmark, {dt.datetime.now(tz=dt.UTC):%Y-%m-%d %H:%M} UTC")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {connection.vendor}"
    )
    print(f"data: demo + {args.sites} extra sites; {args.requests} requests per case\n")
    print(f"{'case':<28}{'median ms':>10}{'p95 ms':>9}{'queries':>9}")
    with override_settings(DEBUG=True):
        for label, client, url, headers in cases:
            client.get(url, **headers)  # warm up
            times = []
            for _ in range(args.requests):
                reset_queries()
                start = time.perf_counter()
                response = client.get(url, **headers)
                times.append((time.perf_counter() - start) * 1000)
                if response.status_code != 200:
                    raise SystemExit(f"{url} answered {response.status_code}")
            queries = len(connection.queries)
            p95 = statistics.quantiles(times, n=20)[18]
            print(f"{label:<28}{statistics.median(times):>10.1f}{p95:>9.1f}{queries:>9}")
    tracemalloc.start()
    anonymous.get("/kommune/duisburg/beratungsstellen/")
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"\npeak Python memory for one public page with {args.sites + 3} centres: "
        f"{peak / 1024 / 1024:.1f} MiB"
    )


if __name__ == "__main__":
    main()
