"""Fill a municipality with N invented persons in households (with districts and first
languages), with cases, assessments, contacts and follow-ups,
fast (bulk inserts, no audit entries: this is load, not history).

    .venv/bin/python bench/generate.py --persons 100000 [--municipality duisburg]

Uses DATABASE_URL like Lotse itself (PostgreSQL for the real figures). Run the demo seed
first so that the municipality, its sites and case managers exist.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BATCH = 2000
DISTRICTS = (
    "Hamborn",
    "Hochfeld",
    "Rheinhausen",
    "Marxloh",
    "Meiderich",
    "Homberg",
    "Walsum",
    "Altstadt",
    "Neudorf",
    "Wanheimerort",
    "Beeck",
    "Ruhrort",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--municipality", default="duisburg")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")
    import django

    django.setup()
    started = time.perf_counter()
    made = generate(args.persons, args.municipality, args.seed)
    from django.db import connection

    if connection.vendor == "postgresql":  # statistics for the planner, as in a live database
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"{made} persons with households, cases, contacts and follow-ups "
        f"in {time.perf_counter() - started:.0f} s"
    )


def generate(persons: int, slug: str, seed: int) -> int:
    from django.db import transaction

    from lotse.accounts.enums import Role
    from lotse.accounts.models import User
    from lotse.cases.demo import ORIGINS
    from lotse.cases.enums import Phase
    from lotse.cases.models import Assessment, AssessmentItem, Case, Contact, FollowUp
    from lotse.people.models import Household, Person, PersonLanguage
    from lotse.people.names import name_key, skeleton_words
    from lotse.tenancy.models import Municipality

    rng = random.Random(seed)  # noqa: S311  (benchmark data)
    municipality = Municipality.objects.get(slug=slug)
    managers = list(
        User.objects.filter(
            membership__municipality=municipality,
            membership__role=Role.CASE_MANAGER,
            membership__site__isnull=False,
        ).select_related("membership")
    )
    today = dt.date.today()  # noqa: DTZ011
    phases = [p.value for p in Phase]
    # Above every number an earlier run gave (those stay below its persons plus cases).
    start_number = (
        Case.objects.filter(municipality=municipality).count()
        + Person.objects.filter(municipality=municipality).count()
    )
    made = 0
    while made < persons:
        with transaction.atomic():
            households, people, cases, contacts, follow_ups = [], [], [], [], []
            languages, assessments, needs = [], [], []
            while len(people) < BATCH and made + len(people) < persons:
                origin = rng.choice(ORIGINS)
                family = rng.choice(origin.family_names)
                household = Household(
                    municipality=municipality,
                    name=f"Familie {family}",
                    city="Duisburg",
                    district=rng.choice(DISTRICTS),
                )
                households.append(household)
                size = rng.randint(1, 5)
                for index in range(size):
                    given = rng.choice(origin.female + origin.male)
                    born = today - dt.timedelta(days=rng.randint(0, 80 * 365))
                    person = Person(
                        municipality=municipality,
                        household=household,
                        given_name=given,
                        family_name=family,
                        given_key=name_key(given),
                        family_key=name_key(family),
                        name_skeleton=skeleton_words(given, family),
                        birth_date=born,
                        nationality=origin.country,
                        country_of_origin=origin.country,
                    )
                    people.append(person)
                    languages.append(
                        PersonLanguage(person=person, language=origin.language, level="native")
                    )
                    if index == 0:
                        manager = rng.choice(managers)
                        number = start_number + len(cases) + made + 1
                        case = Case(
                            municipality=municipality,
                            reference=f"BENCH-{number:07d}",
                            household=household,
                            owner=manager,
                            site_id=manager.membership.site_id,
                            phase=rng.choice(phases),
                            opened_on=today - dt.timedelta(days=rng.randint(0, 900)),
                        )
                        cases.append(case)
                        _assess(rng, case, assessments, needs)
                        for days in range(rng.randint(1, 4)):
                            contacts.append(
                                Contact(
                                    case=case,
                                    municipality=municipality,
                                    contact_on=case.opened_on + dt.timedelta(days=days),
                                    duration_minutes=30,
                                    form="in_person",
                                    life_domains=["work"],
                                )
                            )
                        if rng.random() < 0.3:
                            follow_ups.append(
                                FollowUp(
                                    case=case,
                                    owner=manager,
                                    due_on=today + dt.timedelta(days=rng.randint(-10, 30)),
                                    note="Nachfragen",
                                )
                            )
            Household.objects.bulk_create(households)
            Person.objects.bulk_create(people)
            Case.objects.bulk_create(cases)
            Contact.objects.bulk_create(contacts)
            FollowUp.objects.bulk_create(follow_ups)
            PersonLanguage.objects.bulk_create(languages)
            Assessment.objects.bulk_create(assessments)
            AssessmentItem.objects.bulk_create(
                AssessmentItem(assessment=a, life_domain=d, need=n) for a, d, n in needs
            )
            made += len(people)
            print(f"  {made:>7} / {persons} persons", flush=True)
    return made


def _assess(rng: random.Random, case: object, assessments: list, needs: list) -> None:
    """An assessment with 2–5 life domains for a case past intake."""
    from lotse.cases.models import Assessment
    from lotse.core.catalogues import LifeDomain

    if case.phase == "intake":  # type: ignore[attr-defined]
        return
    assessment = Assessment(case=case, assessed_on=case.opened_on)  # type: ignore[attr-defined]
    assessments.append(assessment)
    for domain in rng.sample(list(LifeDomain), k=rng.randint(2, 5)):
        needs.append((assessment, domain, rng.choice(("some", "urgent", "none"))))


if __name__ == "__main__":
    main()
