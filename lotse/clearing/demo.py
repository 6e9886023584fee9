"""Demo clearing cases for Duisburg that reproduce the clearing office's published figures:
287 persons counselled from January to the end of April 2026, 119 from Romania, 107 from
Bulgaria, and in 199 cases no insurance status at the start or one to be checked.

The persons are invented (names drawn at random from common first and family names).
Written with bulk_create, with the audit entries the services would write, so that seeding
stays fast; runs once per municipality.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from lotse.accounts.models import User
from lotse.audit import services as audit
from lotse.audit.events import EventType
from lotse.audit.models import AuditEvent
from lotse.clearing.enums import ClearingStatus, StepKind, StepResult
from lotse.clearing.models import ClearingCase, ClearingStep
from lotse.clearing.services import PERSON_STATUS
from lotse.people.models import Household, InsuranceStatusRecord, Person
from lotse.people.names import name_key, skeleton_words
from lotse.tenancy.models import Municipality

COUNSELLOR = "clearing.duisburg"
FIRST_DAY = dt.date(2026, 1, 2)
LAST_DAY = dt.date(2026, 4, 30)

# (country, persons, family names, female first names, male first names). The names the
# tests type in (Ion or Elena Popescu, Rania Haddad ...) are left out, so that a search in a
# test finds the test's own person only.
ORIGINS = (
    (
        "RO",
        119,
        ("Ionescu", "Dumitru", "Stan", "Radu", "Munteanu", "Rusu", "Constantin", "Matei"),
        ("Ioana", "Maria", "Andreea", "Florentina", "Daniela"),
        ("Mihai", "Florin", "Marian", "Gheorghe", "Vasile"),
    ),
    (
        "BG",
        107,
        ("Petrov", "Ivanov", "Georgiev", "Dimitrov", "Nikolov", "Stoyanov", "Kolev"),
        ("Desislava", "Galina", "Radka", "Mariya", "Snezhana"),
        ("Asen", "Dimitar", "Stefan", "Kiril", "Georgi"),
    ),
    (
        "PL",
        14,
        ("Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamiński"),
        ("Anna", "Katarzyna", "Agnieszka"),
        ("Piotr", "Tomasz", "Marek"),
    ),
    ("SK", 9, ("Horváth", "Kováč", "Baláž", "Tóth"), ("Zuzana", "Jana"), ("Peter", "Martin")),
    ("HU", 8, ("Nagy", "Kovács", "Szabó", "Farkas"), ("Eszter", "Katalin"), ("László", "Zoltán")),
    ("GR", 6, ("Papadopoulos", "Georgiou", "Nikolaidis"), ("Eleni", "Sofia"), ("Giorgos",)),
    ("TR", 6, ("Yılmaz", "Kaya", "Demir", "Çelik"), ("Ayşe", "Elif"), ("Mehmet", "Emre")),
    ("IT", 5, ("Russo", "Esposito", "Bianchi"), ("Giulia", "Chiara"), ("Marco", "Luca")),
    ("HR", 5, ("Horvat", "Kovačević", "Babić"), ("Ivana", "Marija"), ("Ivan", "Josip")),
    ("ES", 4, ("García", "Fernández", "López"), ("Lucía", "Carmen"), ("Javier",)),
    ("SY", 4, ("Shami", "Kanaan", "Sabbagh"), ("Dalia", "Reem"), ("Bassel", "Fadi")),
)
# Bulgarian and Polish family names have a female form.
FEMALE_FORMS = {"BG": (("ov", "ova"), ("ev", "eva")), "PL": (("ski", "ska"),)}


def _family_name(country: str, name: str, gender: str) -> str:
    if gender == "female":
        for male, female in FEMALE_FORMS.get(country, ()):
            if name.endswith(male):
                return name[: -len(male)] + female
    return name


# 199 of 287 without a status at the start or to be checked.
START_STATUSES = (
    [ClearingStatus.NOT_INSURED] * 112
    + [ClearingStatus.UNCLEAR] * 87
    + [ClearingStatus.INSURED_ABROAD] * 58
    + [ClearingStatus.INSURED_GERMANY] * 30
)
# Where a clearing ends, by where it started (weights of the end statuses).
END_WEIGHTS = {
    ClearingStatus.NOT_INSURED: {
        "insured_germany": 60,
        "insured_abroad": 10,
        "not_insured": 25,
        "unclear": 5,
    },
    ClearingStatus.UNCLEAR: {
        "insured_germany": 50,
        "insured_abroad": 30,
        "not_insured": 15,
        "unclear": 5,
    },
    ClearingStatus.INSURED_ABROAD: {"insured_germany": 30, "insured_abroad": 65, "not_insured": 5},
    ClearingStatus.INSURED_GERMANY: {"insured_germany": 100},
}
# The path that leads to each end status, in order of likelihood.
PATHS = {
    "insured_germany": (
        StepKind.EMPLOYMENT,
        StepKind.FAMILY,
        StepKind.VOLUNTARY,
        StepKind.WELFARE_BODY,
    ),
    "insured_abroad": (StepKind.HOME_COUNTRY,),
    "not_insured": (StepKind.ANONYMOUS_TREATMENT, StepKind.OTHER),
    "unclear": (StepKind.OTHER, StepKind.HOME_COUNTRY),
}
OPEN_SHARE = 0.2


DISTRICTS = ("Hochfeld", "Marxloh", "Hamborn", "Rheinhausen", "Meiderich", "Bruckhausen")


def _person(rng: random.Random, municipality: Municipality, origin: tuple) -> Person:
    country, _count, family_names, female, male = origin
    gender = rng.choice(("female", "male"))
    given = rng.choice(female if gender == "female" else male)
    family = _family_name(country, rng.choice(family_names), gender)
    # Every demo person lives in a household of the demo (most alone, as the clearing
    # office's clients often arrive first).
    household = Household(
        municipality=municipality,
        name=f"Familie {family}",
        city="Duisburg",
        district=rng.choice(DISTRICTS),
    )
    born = dt.date(rng.randint(1960, 2004), rng.randint(1, 12), rng.randint(1, 28))
    return Person(
        municipality=municipality,
        household=household,
        given_name=given,
        family_name=family,
        gender=gender,
        given_key=name_key(given),
        family_key=name_key(family),
        name_skeleton=skeleton_words(given, family, "")[:800],
        birth_date=born,
        nationality=country,
        country_of_origin=country,
    )


def _steps(rng: random.Random, clearing: ClearingCase, user: User) -> list[ClearingStep]:
    """One to three steps; the last one leads to the end status (or is pending)."""
    end = clearing.status_at_end
    last = clearing.closed_on or LAST_DAY
    tried = rng.sample(list(StepKind), k=rng.randint(0, 2))
    final = rng.choice(PATHS[end]) if end else rng.choice(list(StepKind))
    kinds = [*[k for k in tried if k != final], final]
    span = max(0, (last - clearing.opened_on).days)
    days = sorted(rng.randint(0, span) for _ in kinds)
    steps = []
    for index, (kind, offset) in enumerate(zip(kinds, days, strict=True)):
        is_last = index == len(kinds) - 1
        if is_last and end:
            result = StepResult.SUCCEEDED if end != "unclear" else StepResult.FAILED
        elif is_last:
            result = StepResult.PENDING
        else:
            result = StepResult.FAILED
        steps.append(
            ClearingStep(
                case=clearing,
                kind=kind,
                taken_on=clearing.opened_on + dt.timedelta(days=offset),
                result=result,
                note="Demo",
                recorded_by=user,
            )
        )
    return steps


@transaction.atomic
def seed_demo_clearing(municipality: Municipality, *, seed: int = 2026) -> int:
    """Create the demo clearing cases; returns how many (0 if the municipality has some)."""
    if ClearingCase.objects.filter(municipality=municipality).exists():
        return 0
    rng = random.Random(seed)  # noqa: S311  (demo data, not security)
    user = User.objects.get(username=COUNSELLOR)
    persons = [_person(rng, municipality, origin) for origin in ORIGINS for _ in range(origin[1])]
    Household.objects.bulk_create(
        [p.household for p in persons if p.household is not None], batch_size=500
    )
    Person.objects.bulk_create(persons, batch_size=500)
    starts = list(START_STATUSES)
    rng.shuffle(starts)
    period = (LAST_DAY - FIRST_DAY).days
    cases, records = [], []
    for person, start in zip(persons, starts, strict=True):
        opened = FIRST_DAY + dt.timedelta(days=rng.randint(0, period))
        clearing = ClearingCase(
            municipality=municipality,
            person=person,
            counsellor=user,
            opened_on=opened,
            status_at_start=start,
        )
        records.append(
            InsuranceStatusRecord(
                person=person, status=PERSON_STATUS[start], valid_from=opened, recorded_by=user
            )
        )
        if rng.random() > OPEN_SHARE or opened < dt.date(2026, 2, 1):
            weights = END_WEIGHTS[start]
            end = rng.choices(list(weights), weights=list(weights.values()))[0]
            clearing.closed_on = min(LAST_DAY, opened + dt.timedelta(days=rng.randint(5, 75)))
            clearing.status_at_end = end
            clearing.outcome = "Abschluss (Demo)"
            if end != start:
                records[-1].valid_until = clearing.closed_on - dt.timedelta(days=1)
                records.append(
                    InsuranceStatusRecord(
                        person=person,
                        status=PERSON_STATUS[ClearingStatus(end)],
                        valid_from=clearing.closed_on,
                        recorded_by=user,
                    )
                )
        cases.append(clearing)
    ClearingCase.objects.bulk_create(cases, batch_size=500)
    InsuranceStatusRecord.objects.bulk_create(records, batch_size=500)
    steps = [step for clearing in cases for step in _steps(rng, clearing, user)]
    ClearingStep.objects.bulk_create(steps, batch_size=500)
    audit.record_many(_audit_entries(municipality, user, cases, steps))
    return len(cases)


def _audit_entries(
    municipality: Municipality,
    user: User,
    cases: list[ClearingCase],
    steps: list[ClearingStep],
) -> list[AuditEvent]:
    """The entries the services would have written, dated on the day of each change."""

    def at(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC)

    def entry(event: EventType, target: object, day: dt.date, after: dict) -> AuditEvent:
        return audit.build(
            event,
            actor=user,
            municipality=municipality,
            target=target,  # type: ignore[arg-type]
            after=after,
            occurred_at=at(day),
        )

    entries = [
        entry(
            EventType.PERSON_CREATED, c.person, c.opened_on, {"nationality": c.person.nationality}
        )
        for c in cases
    ]
    entries += [
        entry(
            EventType.CLEARING_CASE_OPENED, c, c.opened_on, {"status_at_start": c.status_at_start}
        )
        for c in cases
    ]
    entries += [
        entry(EventType.CLEARING_STEP_RECORDED, s.case, s.taken_on, {"kind": s.kind}) for s in steps
    ]
    entries += [
        entry(EventType.CLEARING_CASE_CLOSED, c, c.closed_on, {"status_at_end": c.status_at_end})
        for c in cases
        if c.closed_on
    ]
    return entries
