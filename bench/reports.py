"""Speed of the dashboard, the funding report and the state report on a filled
municipality. Run bench/generate.py first; this adds what the figures need on top of it
(contacts up to the target, closures, reassessments, goals, referrals, walk-ins), then
times every figure (median of 5 runs), the whole dashboard (one figure after the other and
two at once), the dashboard page as the centre lead and the quarter's state report. The page
needs the static files collected (`manage.py collectstatic`), as in production.

    .venv/bin/python bench/generate.py --persons 100000
    .venv/bin/python bench/reports.py --contacts 1000000 [--municipality duisburg]

Uses DATABASE_URL like Lotse itself (PostgreSQL for the real figures).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BATCH = 20_000
RUNS = 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--municipality", default="duisburg")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")
    import django

    django.setup()
    from django.db import connection

    from lotse.tenancy.models import Municipality

    municipality = Municipality.objects.get(slug=args.municipality)
    started = time.perf_counter()
    enrich(municipality, args.contacts, random.Random(args.seed))  # noqa: S311
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"data ready in {time.perf_counter() - started:.0f} s")
    measure(municipality)


def enrich(municipality, target_contacts: int, rng: random.Random) -> None:
    from django.db import transaction

    from lotse.cases.models import Assessment, AssessmentItem, Case, Contact, Goal, WalkIn
    from lotse.core.catalogues import ContactForm, LifeDomain
    from lotse.people.models import Person, ResidenceStatusRecord
    from lotse.referrals.models import Referral
    from lotse.tenancy.models import Organisation

    contacts = Contact.objects.filter(case__municipality=municipality).count()
    cases = list(
        Case.objects.filter(municipality=municipality).values_list("pk", "opened_on", "site_id")
    )
    print(f"{len(cases)} cases, {contacts} contacts")
    if contacts >= target_contacts or not cases:
        return
    today = dt.date.today()  # noqa: DTZ011
    forms = [f.value for f in ContactForm]
    organisations = list(Organisation.objects.filter(municipality=municipality))
    with transaction.atomic():
        # A third of the cases closed, after 1–700 days (not in the future).
        closing = []
        for pk, opened, _site in rng.sample(cases, len(cases) // 3):
            closed = min(today, opened + dt.timedelta(days=rng.randint(1, 700)))
            closing.append(Case(pk=pk, closed_on=closed, phase="closed"))
        Case.objects.bulk_update(closing, ["closed_on", "phase"], batch_size=5000)
        # A reassessment and two goals for every other case; referrals; walk-ins.
        assessments, items, goals, referrals, walk_ins = [], [], [], [], []
        for pk, opened, site in cases[::2]:
            assessment = Assessment(case_id=pk, assessed_on=opened + dt.timedelta(days=120))
            assessments.append(assessment)
            for domain in rng.sample(list(LifeDomain), k=3):
                items.append((assessment, domain, rng.choice(("none", "some", "urgent"))))
            for domain in rng.sample(list(LifeDomain), k=2):
                goals.append(
                    Goal(
                        case_id=pk,
                        life_domain=domain,
                        description="Ziel",
                        target_date=opened + dt.timedelta(days=180),
                        status=rng.choice(("open", "reached", "partly_reached", "not_reached")),
                    )
                )
            if organisations:
                sent = dt.datetime.combine(opened, dt.time(10), tzinfo=dt.UTC)
                referrals.append(
                    Referral(
                        municipality=municipality,
                        case_id=pk,
                        organisation=rng.choice(organisations),
                        question="Bitte um Termin",
                        status=rng.choice(("sent", "accepted", "completed", "declined")),
                        sent_at=sent,
                        answered_at=sent + dt.timedelta(hours=rng.randint(2, 400)),
                    )
                )
            arrived = dt.datetime.combine(opened, dt.time(9), tzinfo=dt.UTC)
            walk_ins.append(
                WalkIn(
                    municipality=municipality,
                    site_id=site,
                    given_name="Gast",
                    family_name="Bench",
                    arrived_at=arrived,
                    called_at=arrived + dt.timedelta(minutes=rng.randint(1, 90)),
                    status="called",
                )
            )
        # A residence status for two persons in three, a third of them replaced since.
        statuses = ["eu_free_movement", "residence_permit", "asylum_seeker", "toleration"]
        records = []
        for person_id in Person.objects.filter(municipality=municipality).values_list(
            "pk", flat=True
        ):
            if rng.random() < 2 / 3:
                since = today - dt.timedelta(days=rng.randint(30, 2000))
                records.append(
                    ResidenceStatusRecord(
                        person_id=person_id, status=rng.choice(statuses), valid_from=since
                    )
                )
                if rng.random() < 1 / 3:
                    records.append(
                        ResidenceStatusRecord(
                            person_id=person_id,
                            status="settlement_permit",
                            valid_from=since + dt.timedelta(days=20),
                        )
                    )
        ResidenceStatusRecord.objects.bulk_create(records, batch_size=5000)
        Assessment.objects.bulk_create(assessments, batch_size=5000)
        AssessmentItem.objects.bulk_create(
            (AssessmentItem(assessment=a, life_domain=d, need=n) for a, d, n in items),
            batch_size=5000,
        )
        Goal.objects.bulk_create(goals, batch_size=5000)
        Referral.objects.bulk_create(referrals, batch_size=5000)
        WalkIn.objects.bulk_create(walk_ins, batch_size=5000)
    while contacts < target_contacts:
        with transaction.atomic():
            batch = []
            for _ in range(min(BATCH, target_contacts - contacts)):
                pk, opened, _site = rng.choice(cases)
                day = opened + dt.timedelta(days=rng.randint(0, 700))
                batch.append(
                    Contact(
                        case_id=pk,
                        municipality=municipality,
                        contact_on=min(day, today),
                        duration_minutes=45,
                        form=rng.choice(forms),
                        interpreter_used=rng.random() < 0.4,
                    )
                )
            Contact.objects.bulk_create(batch)
            contacts += len(batch)
        print(f"  {contacts:>8} / {target_contacts} contacts", flush=True)


def _time(call) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _page_time(start: dt.date, end: dt.date) -> float:
    """The whole page as the server answers it: figures, charts, tables, audit entry."""
    from django.test import Client

    from lotse.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="leitung.duisburg"))
    params = {"start": start.isoformat(), "end": end.isoformat()}

    def get() -> None:
        response = client.get("/reports/dashboard/", params, HTTP_ACCEPT_LANGUAGE="de")
        if response.status_code != 200:
            raise SystemExit(f"dashboard page: HTTP {response.status_code}")

    get()  # the first request logs in and warms the templates
    return _time(get)


def measure(municipality) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.test import override_settings
    from django.utils import translation

    from lotse.reports import dashboard as board
    from lotse.reports.funding import funding_report
    from lotse.reports.person_figures import share_persons

    translation.activate("de")
    today = dt.date.today()  # noqa: DTZ011
    start = dt.date(today.year, 1, 1)
    filters = board.Filters(start=start, end=today)

    def scope() -> board.Scope:  # a fresh one per run: nothing cached between runs
        return board.Scope(municipality, filters)

    print(
        f"{connection.vendor}, {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores; period {start} – {today}; "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    total = 0.0
    for name, build in board.FIGURES.items():
        took = _time(lambda build=build: build(scope()))
        total += took
        print(f"  figure {name:<18} {took:8.0f} ms")
    took = _time(lambda: share_persons(scope()))
    print(f"  persons, shared      {took:8.0f} ms  the dashboard's one count for the four above")
    with override_settings(LOTSE_REPORT_WORKERS=1):
        took = _time(lambda: board.dashboard(scope()))
    print(f"  whole dashboard      {took:8.0f} ms  one figure after the other")
    workers = board.workers()
    took = _time(lambda: board.dashboard(scope()))
    print(f"  whole dashboard      {took:8.0f} ms  {workers} figures at once")
    page = _page_time(start, today)
    print(f"  dashboard page       {page:8.0f} ms  GET /reports/dashboard/ as the centre lead")
    print(f"  load average now     {os.getloadavg()[0]:8.1f}")
    took = _time(lambda: funding_report(municipality, start, today))
    print(f"  funding report       {took:8.0f} ms")
    quarter = (today.month - 1) // 3
    period = f"{today.year}-Q{quarter}" if quarter else f"{today.year - 1}-Q4"
    try:
        took = _time(
            lambda: call_command(
                "state-report",
                "--municipality",
                municipality.slug,
                "--period",
                period,
                stdout=io.StringIO(),
            )
        )
        print(f"  state report {period}  {took:8.0f} ms")
    except Exception as error:  # the command may not exist on this branch
        print(f"  state report: not measured ({error})")


if __name__ == "__main__":
    main()
