"""A small hand-built data set for the state report of 2026-Q3, with known answers and
distinctive personal data (names, notes, phone numbers, case numbers) that must never
reach the file."""

import datetime as dt

import pytest
from django.utils import timezone

from lotse.accounts.enums import Role
from lotse.cases.models import Assessment, AssessmentItem, Case, Contact, Goal
from lotse.people.models import Household, Person, ResidenceStatusRecord
from lotse.referrals.models import Referral
from lotse.reports.state import parse_period
from lotse.tenancy.enums import OrganisationKind
from tests.factories import MunicipalityFactory, OrganisationFactory, SiteFactory, make_user
from tests.reports.hand_built import town  # noqa: F401  (the dashboard's data set)

D = dt.date
SECRETS = {
    "names": ["Zorbaxiana", "Quillfeatherova", "Brindlemuth", "Xylocarpa", "Familie Brindlemuth"],
    "notes": ["Geheimnotiz-Wolkenkuckuck", "Sprachkurs-Plappermaul", "Ausgang-Kirschblüte"],
    "phones": ["0203-99977711"],
    "references": ["KIM-TEST-08150815"],
    "emails": ["zorbaxiana@beispiel.invalid"],
}


def _case(municipality, owner, site, number, **fields):
    return Case.objects.create(
        municipality=municipality,
        owner=owner,
        site=site,
        reference=f"KIM-T-{number:03d}" if number else SECRETS["references"][0],
        **fields,
    )


def _assess(case, day, needs, note=""):
    assessment = Assessment.objects.create(case=case, assessed_on=day, note=note)
    for domain, need in needs.items():
        AssessmentItem.objects.create(
            assessment=assessment, life_domain=domain, need=need, situation=note
        )


@pytest.fixture
def state_data(db):
    municipality = MunicipalityFactory(slug="teststadt", name="Stadt Teststadt")
    municipality.official_key = "05999000"
    municipality.save()
    owner = make_user(Role.CASE_MANAGER, municipality)
    site = SiteFactory(municipality=municipality, organisation__municipality=municipality)
    jobcenter = OrganisationFactory(municipality=municipality, kind=OrganisationKind.JOBCENTER)

    # Seven persons from Romania, born 1990 (working age), each with a case opened in July.
    ro_cases = []
    for n in range(7):
        person = Person.objects.create(
            municipality=municipality,
            given_name=SECRETS["names"][0] if n == 0 else f"Ana{n}",
            family_name=SECRETS["names"][1],
            country_of_origin="RO",
            birth_date=D(1990, 3, 1),
            phone=SECRETS["phones"][0] if n == 0 else "",
            email=SECRETS["emails"][0] if n == 0 else "",
        )
        ResidenceStatusRecord.objects.create(
            person=person, status="eu_free_movement", valid_from=D(2020, 1, 1)
        )
        if n == 0:  # naturalised only after the period: still EU free movement at its end
            ResidenceStatusRecord.objects.create(
                person=person, status="naturalised", valid_from=D(2026, 10, 15)
            )
        case = _case(municipality, owner, site, n + 1, person=person, opened_on=D(2026, 7, 10))
        Contact.objects.create(
            case=case,
            contact_on=D(2026, 7, 15),
            duration_minutes=30,
            form="in_person",
            note=SECRETS["notes"][0],
        )
        ro_cases.append(case)
    _assess(ro_cases[0], D(2026, 7, 15), {"housing": "some"})  # only one: not counted
    _assess(ro_cases[1], D(2026, 7, 15), {"housing": "some"})
    _assess(ro_cases[1], D(2026, 9, 1), {"housing": "some"})

    # A household of six children from Syria (school age), its case opened before.
    household = Household.objects.create(municipality=municipality, name=SECRETS["names"][4])
    for n in range(6):
        child = Person.objects.create(
            municipality=municipality,
            household=household,
            given_name=f"{SECRETS['names'][3]}{n}",
            family_name=SECRETS["names"][2],
            country_of_origin="SY",
            birth_date=D(2015, 5, 5),
        )
        ResidenceStatusRecord.objects.create(
            person=child,
            status="asylum_seeker",
            valid_from=D(2022, 1, 1),
            valid_until=D(2026, 7, 31),
        )
        ResidenceStatusRecord.objects.create(
            person=child, status="settlement_permit", valid_from=D(2026, 8, 1)
        )
    family_case = _case(municipality, owner, site, 0, household=household, opened_on=D(2026, 1, 1))
    _assess(
        family_case, D(2026, 1, 10), {"language": "urgent", "work": "some"}, SECRETS["notes"][1]
    )
    _assess(family_case, D(2026, 8, 1), {"language": "some", "work": "urgent"})
    _assess(family_case, D(2026, 11, 1), {"language": "none"})  # after the period
    Goal.objects.create(
        case=family_case,
        life_domain="language",
        description=SECRETS["notes"][1],
        target_date=D(2026, 12, 1),
        status="reached",
    )
    Goal.objects.create(
        case=family_case, life_domain="work", description="Arbeit", target_date=D(2027, 1, 1)
    )
    for day in (D(2026, 8, 10), D(2026, 8, 20)):
        Contact.objects.create(
            case=family_case,
            contact_on=day,
            duration_minutes=60,
            form="phone",
            interpreter_used=True,
            note=SECRETS["notes"][2],
        )
    Contact.objects.create(
        case=family_case, contact_on=D(2026, 10, 2), duration_minutes=5, form="phone"
    )
    noon = dt.time(12, tzinfo=timezone.get_current_timezone())
    Referral.objects.create(
        municipality=municipality,
        case=family_case,
        organisation=jobcenter,
        question=SECRETS["notes"][2],
        status="completed",
        sent_at=dt.datetime.combine(D(2026, 8, 5), noon),
        feedback=SECRETS["notes"][0],
    )
    Referral.objects.create(
        municipality=municipality, case=family_case, organisation=jobcenter, question="Entwurf"
    )

    # A person without birth date or country, whose case closed in August.
    unknown = Person.objects.create(
        municipality=municipality, given_name="Ohne", family_name="Angaben"
    )
    _case(
        municipality,
        owner,
        site,
        8,
        person=unknown,
        opened_on=D(2025, 5, 1),
        closed_on=D(2026, 8, 1),
    )
    # Closed before the period: not counted.
    before = Person.objects.create(
        municipality=municipality, given_name="Frueher", family_name="Da", country_of_origin="RO"
    )
    _case(
        municipality,
        owner,
        site,
        9,
        person=before,
        opened_on=D(2025, 5, 1),
        closed_on=D(2026, 6, 1),
    )
    # Another municipality's person: never counted here.
    other = MunicipalityFactory(slug="anderswo")
    Person.objects.create(municipality=other, given_name="Fremd", family_name="Woanders")
    ids = [str(pk) for pk in Person.objects.values_list("pk", flat=True)]
    ids += [str(pk) for pk in Case.objects.values_list("pk", flat=True)]
    ids += list(Case.objects.values_list("reference", flat=True))
    return {
        "municipality": municipality,
        "period": parse_period("2026-Q3"),
        "ids": ids,
        "secrets": [s for values in SECRETS.values() for s in values],
    }
