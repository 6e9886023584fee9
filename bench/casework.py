"""Server time of the case manager's main pages on a filled database.

    .venv/bin/python bench/casework.py [--requests 50] [--warmup 3]

Times the case list, a case page, a person search and the home page for `cm.hamborn`,
in-process through Django's test client, and prints median and 95th percentile.
Fill the database first with bench/generate.py.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
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

    from lotse.accounts.models import User
    from lotse.cases.models import Case
    from lotse.people.models import Person

    user = User.objects.get(username="cm.hamborn")
    client = Client()
    client.force_login(user)
    case = Case.objects.filter(owner=user).order_by("-opened_on").first()
    persons = Person.objects.filter(municipality=user.membership.municipality).count()
    cases = [
        ("case list (all)", "get", "/cases/?scope=all", {}),
        ("my cases", "get", "/cases/", {}),
        ("cases in phase", "get", "/cases/?scope=all&phase=planning&page=20", {}),
        ("case page", "get", f"/cases/{case.pk}/", {}),
        ("person search", "post", "/persons/", {"q": "popescu"}),
        ("home page", "get", "/home/", {}),
    ]
    print(f"{persons} persons in the municipality, {connection.vendor}")
    print(f"{'page':<16}{'median ms':>10}{'p95 ms':>9}")
    for label, method, url, data in cases:
        for _ in range(args.warmup):  # the first requests fill caches and connections
            getattr(client, method)(url, data)
        times = []
        for _ in range(args.requests):
            start = time.perf_counter()
            response = getattr(client, method)(url, data)
            times.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
        p95 = statistics.quantiles(times, n=20)[18]
        print(f"{label:<16}{statistics.median(times):>10.1f}{p95:>9.1f}")


if __name__ == "__main__":
    main()
