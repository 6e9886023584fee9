"""Demo households and cases for Duisburg: invented people, typical of the arrivals.

Deterministic (a fixed random seed), built through the services so that every record has
its audit entries like real data. Runs only once per municipality: when Duisburg already
has cases, nothing is added.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from lotse.accounts.models import User
from lotse.cases import casework, issues, services
from lotse.cases.enums import ClosureReason, GoalStatus, Phase, Responsible
from lotse.cases.models import Case, StructuralIssue
from lotse.core.catalogues import (
    ContactForm,
    InsuranceStatus,
    Language,
    LanguageLevel,
    LifeDomain,
    NeedLevel,
    ResidenceStatus,
)
from lotse.people import services as people_services
from lotse.people.enums import DatePrecision
from lotse.people.models import Household, Person
from lotse.referrals.demo import seed_referral
from lotse.tenancy.models import Municipality


@dataclass(frozen=True)
class Origin:
    country: str
    language: str
    family_names: tuple[str, ...]
    female: tuple[str, ...]
    male: tuple[str, ...]
    residence: tuple[str, ...]
    insurance: tuple[str, ...]
    weight: int


ORIGINS = (
    Origin(
        "RO",
        "ro",
        ("Popescu", "Ionescu", "Dumitru", "Stan", "Radu", "Munteanu", "Lungu"),
        ("Elena", "Ioana", "Maria", "Andreea", "Florentina"),
        ("Ion", "Mihai", "Florin", "Gheorghe", "Marian"),
        ("eu_free_movement",),
        ("unclear", "not_insured", "abroad", "statutory"),
        30,
    ),
    Origin(
        "BG",
        "bg",
        ("Petrov", "Ivanov", "Georgiev", "Dimitrova", "Nikolov", "Stoyanov"),
        ("Desislava", "Galina", "Radka", "Snezhana"),
        ("Asen", "Dimitar", "Stefan", "Kiril"),
        ("eu_free_movement",),
        ("unclear", "not_insured", "statutory"),
        25,
    ),
    Origin(
        "SY",
        "ar",
        ("Haddad", "Khalil", "Darwish", "Hamdan", "Nasser", "Saleh"),
        ("Rania", "Lina", "Hala", "Nour", "Yasmin"),
        ("Samir", "Omar", "Khaled", "Yusuf"),
        ("residence_permit", "settlement_permit", "naturalised"),
        ("statutory",),
        12,
    ),
    Origin(
        "AF",
        "prs",
        ("Ahmadi", "Rahimi", "Sultani", "Hosseini", "Karimi"),
        ("Mariam", "Parwana", "Zahra", "Shabnam"),
        ("Ahmad", "Farid", "Jawad", "Hamid"),
        ("asylum_seeker", "toleration", "residence_permit"),
        ("asylum_benefits", "statutory"),
        8,
    ),
    Origin(
        "TR",
        "tr",
        ("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk"),
        ("Ayşe", "Elif", "Zeynep", "Emine"),
        ("Mehmet", "Mustafa", "Emre", "Hüseyin"),
        ("settlement_permit", "residence_permit", "naturalised"),
        ("statutory",),
        10,
    ),
    Origin(
        "UA",
        "uk",
        ("Koval", "Shevchenko", "Bondarenko", "Melnyk", "Tkachenko"),
        ("Olena", "Iryna", "Oksana", "Natalia"),
        ("Andrii", "Oleksandr", "Serhii", "Taras"),
        ("temporary_protection", "fictional_certificate"),
        ("statutory", "welfare_body"),
        10,
    ),
    Origin(
        "IQ",
        "ar",
        ("Al-Jaburi", "Hassan", "Abbas", "Al-Tamimi", "Kadhim"),
        ("Fatima", "Zainab", "Huda", "Sara"),
        ("Ali", "Hussein", "Mustafa", "Karim"),
        ("residence_permit", "toleration", "asylum_seeker"),
        ("statutory", "asylum_benefits"),
        5,
    ),
)

STREETS = {
    "Hamborn": ("Duisburger Straße", "Jägerstraße", "Alleestraße", "Hamborner Altmarkt"),
    "Hochfeld": ("Wanheimer Straße", "Eigenstraße", "Heerstraße", "Pauluskirchstraße"),
    "Rheinhausen": ("Friedrich-Alfred-Straße", "Krefelder Straße", "Atroper Straße"),
}
POSTCODES = {"Hamborn": "47166", "Hochfeld": "47053", "Rheinhausen": "47226"}
CASE_MANAGERS = {
    "Hamborn": "cm.hamborn",
    "Hochfeld": "cm.hochfeld",
    "Rheinhausen": "cm.rheinhausen",
}
PHASE_PATH = [Phase.ASSESSMENT, Phase.PLANNING, Phase.IMPLEMENTATION, Phase.EVALUATION]
PHASE_WEIGHTS = {
    Phase.INTAKE: 15,
    Phase.ASSESSMENT: 15,
    Phase.PLANNING: 15,
    Phase.IMPLEMENTATION: 30,
    Phase.EVALUATION: 10,
    Phase.CLOSED: 15,
}
GOALS = {
    LifeDomain.LANGUAGE: "Deutschkurs bis B1 abschließen",
    LifeDomain.EDUCATION: "Kita- oder Schulplatz für die Kinder",
    LifeDomain.WORK: "Sozialversicherungspflichtige Arbeit finden",
    LifeDomain.HEALTH: "Krankenversicherung klären",
    LifeDomain.HOUSING: "Eigene Wohnung mit Mietvertrag",
    LifeDomain.INCOME: "Leistungsanspruch klären und Schulden ordnen",
    LifeDomain.RESIDENCE: "Aufenthalt sichern",
    LifeDomain.FAMILY: "Familiennachzug vorbereiten",
    LifeDomain.PARTICIPATION: "Anschluss an einen Verein oder eine Gruppe",
    LifeDomain.ORIENTATION: "Behördenpost selbst verstehen",
}
ISSUES = (
    "Termin bei der Ausländerbehörde dauert über 3 Monate",
    "Kein Kita-Platz im Stadtteil",
    "Krankenversicherung für EU-Bürger ohne Arbeit ungeklärt",
    "Wohnungen nur mit Schufa-Auskunft",
)


def _birth(rng: random.Random, today: dt.date, age_from: int, age_to: int) -> dt.date:
    return today - dt.timedelta(days=rng.randint(age_from * 365, age_to * 365 + 364))


def _members(rng: random.Random, origin: Origin, today: dt.date) -> list[tuple[str, str, dt.date]]:
    members = [("female", rng.choice(origin.female), _birth(rng, today, 24, 48))]
    if rng.random() < 0.8:
        members.append(("male", rng.choice(origin.male), _birth(rng, today, 25, 52)))
    for _ in range(rng.choice((0, 1, 2, 2, 3, 4))):
        gender = rng.choice(("female", "male"))
        names = origin.female if gender == "female" else origin.male
        members.append((gender, rng.choice(names), _birth(rng, today, 0, 17)))
    if rng.random() < 0.15:
        members.append(("female", rng.choice(origin.female), _birth(rng, today, 62, 82)))
    return members


@transaction.atomic
def seed_demo_cases(municipality: Municipality, households: int, *, seed: int = 2026) -> int:
    """Create ``households`` invented households with cases; returns how many were made."""
    if households <= 0 or Case.objects.filter(municipality=municipality).exists():
        return 0
    rng = random.Random(seed)  # noqa: S311  (demo data, not security)
    today = timezone.localdate()
    managers = {
        district: User.objects.select_related("membership__site", "membership__municipality").get(
            username=username
        )
        for district, username in CASE_MANAGERS.items()
    }
    coordinator = User.objects.get(username="koordination.duisburg")
    issue_rows = [
        issues.create_structural_issue(
            acting_user=coordinator, municipality=municipality, title=title
        )
        for title in ISSUES
    ]
    weights = [origin.weight for origin in ORIGINS]
    for _ in range(households):
        origin = rng.choices(ORIGINS, weights=weights)[0]
        district = rng.choice(list(STREETS))
        manager = managers[district]
        family = rng.choice(origin.family_names)
        household = people_services.create_household(
            acting_user=manager,
            municipality=municipality,
            name=f"Familie {family}",
            street=f"{rng.choice(STREETS[district])} {rng.randint(1, 180)}",
            postcode=POSTCODES[district],
            city="Duisburg",
            district=district,
        )
        arrival = today - dt.timedelta(days=rng.randint(60, 2200))
        persons = []
        for gender, given, born in _members(rng, origin, today):
            year_only = rng.random() < 0.2
            person = people_services.create_person(
                acting_user=manager,
                municipality=municipality,
                household=household,
                given_name=given,
                family_name=family,
                gender=gender,
                birth_date=dt.date(born.year, 1, 1) if year_only else born,
                birth_date_precision=DatePrecision.YEAR if year_only else DatePrecision.DAY,
                nationality=origin.country,
                country_of_origin=origin.country,
                arrival_date=max(arrival, born),
                interpreter_needed=rng.random() < 0.5,
                languages=[
                    (Language(origin.language), LanguageLevel.NATIVE),
                    (Language.GERMAN, LanguageLevel(rng.choice(("none", "a", "b")))),
                ],
                residence_status=ResidenceStatus(rng.choice(origin.residence)),
                insurance_status=InsuranceStatus(rng.choice(origin.insurance)),
            )
            persons.append(person)
        _case_for(rng, household, persons, manager=manager, today=today, issue_rows=issue_rows)
    return households


def _case_for(
    rng: random.Random,
    household: Household,
    persons: list[Person],
    *,
    manager: User,
    today: dt.date,
    issue_rows: list[StructuralIssue],
) -> None:
    site = manager.membership.site
    assert site is not None  # noqa: S101  (demo case managers have a site)
    opened = today - dt.timedelta(days=rng.randint(0, 700))
    if rng.random() < 0.7:
        case = services.open_case(
            acting_user=manager, owner=manager, site=site, household=household, opened_on=opened
        )
    else:
        case = services.open_case(
            acting_user=manager, owner=manager, site=site, person=persons[0], opened_on=opened
        )
    target = rng.choices(list(PHASE_WEIGHTS), weights=list(PHASE_WEIGHTS.values()))[0]
    domains = rng.sample(list(LifeDomain), k=rng.randint(2, 5))
    for contact_number in range(rng.randint(1, 6)):
        casework.record_contact(
            acting_user=manager,
            case=case,
            contact_on=min(today, opened + dt.timedelta(days=14 * contact_number)),
            duration_minutes=rng.choice((20, 30, 45, 60, 90)),
            form=rng.choice(list(ContactForm)),
            life_domains=rng.sample(domains, k=1),
            interpreter_used=rng.random() < 0.4,
            note="Gespräch (Demo)",
        )
    if target == Phase.INTAKE:
        _follow_up(rng, case, today)
        return
    first = [
        casework.DomainAssessment(d, rng.choice((NeedLevel.SOME, NeedLevel.URGENT)))
        for d in domains
    ]
    casework.record_assessment(
        acting_user=manager,
        case=case,
        items=first,
        assessed_on=min(today, opened + dt.timedelta(days=7)),
    )
    path = PHASE_PATH[: PHASE_PATH.index(target) + 1] if target != Phase.CLOSED else PHASE_PATH
    for phase in path:
        services.change_phase(
            acting_user=manager, case=case, to_phase=phase, expected_version=case.version
        )
        if phase == Phase.PLANNING:
            for domain in domains[:2]:
                goal = casework.add_goal(
                    acting_user=manager,
                    case=case,
                    life_domain=domain,
                    description=GOALS[domain],
                    target_date=today + dt.timedelta(days=rng.randint(30, 300)),
                )
                casework.add_measure(
                    acting_user=manager,
                    goal=goal,
                    description="Termin vereinbaren und begleiten",
                    responsible=rng.choice(list(Responsible)[:2]),
                )
    if target in (Phase.EVALUATION, Phase.CLOSED):
        later = [
            casework.DomainAssessment(i.life_domain, rng.choice(list(NeedLevel))) for i in first
        ]
        casework.record_assessment(acting_user=manager, case=case, items=later, assessed_on=today)
        for goal in case.goals.all():
            casework.set_goal_status(
                acting_user=manager,
                goal=goal,
                status=rng.choice(list(GoalStatus)[1:]),
                expected_version=goal.version,
            )
    _connect(rng, case, persons, manager, target=target, issue_rows=issue_rows)
    if target == Phase.CLOSED:
        services.change_phase(
            acting_user=manager,
            case=case,
            to_phase=Phase.CLOSED,
            expected_version=case.version,
            closure_reason=rng.choice(list(ClosureReason)),
            outcome="Abschluss (Demo)",
        )
    else:
        _follow_up(rng, case, today)


def _connect(
    rng: random.Random,
    case: Case,
    persons: list[Person],
    manager: User,
    *,
    target: Phase,
    issue_rows: list[StructuralIssue],
) -> None:
    """Structural issues and referrals (with their consents) for some demo cases."""
    if rng.random() < 0.2:
        issues.tag_case(acting_user=manager, case=case, issue=rng.choice(issue_rows))
    if target in (Phase.PLANNING, Phase.IMPLEMENTATION, Phase.EVALUATION):
        seed_referral(case, persons, manager)


def _follow_up(rng: random.Random, case: Case, today: dt.date) -> None:
    if rng.random() < 0.6:
        casework.add_follow_up(
            acting_user=case.owner,
            case=case,
            due_on=today + dt.timedelta(days=rng.randint(0, 21)),
            note=rng.choice(
                (
                    "Nachfragen beim Jobcenter",
                    "Unterlagen prüfen",
                    "Kita-Anmeldung nachhalten",
                    "Termin Ausländerbehörde vorbereiten",
                )
            ),
        )
