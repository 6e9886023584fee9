"""The dashboard's data set: a small municipality built by hand, with every figure's
answer worked out on paper (the numbers in the tests are written down, not computed by the
code under test).

Period: the third quarter of 2026 (1 July – 30 September, 92 days).
- c1  Hochfeld, Anna (city, 1.0): opened 10.07., open.      Person p1 (RO, born 1990, ro)
- c2  Hochfeld, Anna: opened 01.02., closed 01.08. (181 d). Person p2 (BG, born 2015, bg)
- c3  Hamborn, Bernd (provider, 0.5): opened 01.03., open.  Household: p3 (RO, 1950, ro), p4 (RO)
- c4  Hamborn, Bernd: opened 05.10.: after the period, nowhere counted.  p5 (SY)
- c5  Hochfeld, Anna: 01.01.2025 – 30.06.2026: before the period.        p6 (UA)
"""

import datetime as dt
from decimal import Decimal

import pytest

from lotse.accounts.enums import Role
from lotse.cases.models import (
    Assessment,
    AssessmentItem,
    Case,
    CaseStructuralIssue,
    Contact,
    Goal,
    StructuralIssue,
    WalkIn,
)
from lotse.people.models import Household, Person, PersonLanguage, ResidenceStatusRecord
from lotse.referrals.models import Referral
from lotse.tenancy.enums import OrganisationKind
from tests.factories import MunicipalityFactory, OrganisationFactory, SiteFactory, make_user

Q3 = {"start": "2026-07-01", "end": "2026-09-30"}


def _at(day, hour=10, minute=0):
    return dt.datetime(*day, hour, minute, tzinfo=dt.UTC)


@pytest.fixture
def town(db):
    return build_town()


def build_town():
    m = MunicipalityFactory(
        slug="beispielstadt",
        caseload_benchmark=150,
        funding_per_position=Decimal("55000"),
        funded_case_management=Decimal("11"),
        funded_coordination=Decimal("2.5"),
        funded_administration=Decimal("0.5"),
    )
    city = OrganisationFactory(municipality=m, name="Stadt", kind=OrganisationKind.CITY_OFFICE)
    provider = OrganisationFactory(
        municipality=m, name="Träger", kind=OrganisationKind.WELFARE_ASSOCIATION
    )
    jobcenter = OrganisationFactory(
        municipality=m, name="Jobcenter", kind=OrganisationKind.JOBCENTER
    )
    hochfeld = SiteFactory(organisation=city, name="Hochfeld")
    hamborn = SiteFactory(organisation=provider, name="Hamborn")
    anna = make_user(Role.CASE_MANAGER, m, username="anna", organisation=city)
    anna.first_name, anna.last_name = "Anna", "Arendt"
    anna.save()
    anna.membership.site = hochfeld
    anna.membership.save()
    bernd = make_user(Role.CASE_MANAGER, m, username="bernd", organisation=provider)
    bernd.membership.site, bernd.membership.fte = hamborn, Decimal("0.5")
    bernd.membership.save()
    lead = make_user(Role.CENTRE_LEAD, m, username="lead", organisation=city)
    coordinator = make_user(Role.COORDINATOR, m, username="coordination", organisation=city)
    admin = make_user(Role.ADMINISTRATOR, m, username="admin", organisation=city)
    admin.membership.fte = Decimal("0.5")
    admin.membership.save()

    def person(name, country, born=None, language=""):
        p = Person.objects.create(
            municipality=m,
            given_name=name,
            family_name="Test",
            country_of_origin=country,
            birth_date=born,
        )
        if language:
            PersonLanguage.objects.create(person=p, language=language, level="native")
        return p

    p1 = person("Ioana", "RO", dt.date(1990, 5, 1), "ro")
    p2 = person("Petar", "BG", dt.date(2015, 3, 1), "bg")
    household = Household.objects.create(municipality=m, name="Familie Popa")
    p3 = person("Elena", "RO", dt.date(1950, 1, 1), "ro")
    p4 = person("Mihai", "RO")
    Person.objects.filter(pk__in=[p3.pk, p4.pk]).update(household=household)
    p5 = person("Omar", "SY", dt.date(1980, 1, 1))
    p6 = person("Olena", "UA", dt.date(1985, 1, 1))
    ResidenceStatusRecord.objects.create(
        person=p1, status="eu_free_movement", valid_from=dt.date(2025, 1, 1)
    )
    ResidenceStatusRecord.objects.create(
        person=p2,
        status="toleration",
        valid_from=dt.date(2026, 1, 1),
        valid_until=dt.date(2026, 8, 31),
    )

    def case(ref, site, owner, opened, closed=None, **subject):
        return Case.objects.create(
            municipality=m,
            reference=ref,
            site=site,
            owner=owner,
            opened_on=opened,
            closed_on=closed,
            phase="closed" if closed else "implementation",
            **subject,
        )

    c1 = case("C1", hochfeld, anna, dt.date(2026, 7, 10), person=p1)
    c2 = case("C2", hochfeld, anna, dt.date(2026, 2, 1), dt.date(2026, 8, 1), person=p2)
    c3 = case("C3", hamborn, bernd, dt.date(2026, 3, 1), household=household)
    c4 = case("C4", hamborn, bernd, dt.date(2026, 10, 5), person=p5)
    c5 = case("C5", hochfeld, anna, dt.date(2025, 1, 1), dt.date(2026, 6, 30), person=p6)

    def contact(c, day, form, interpreter=False):
        Contact.objects.create(
            case=c,
            contact_on=dt.date(*day),
            duration_minutes=45,
            form=form,
            interpreter_used=interpreter,
            note="Vertraulich: Notiz",
        )

    contact(c1, (2026, 7, 15), "in_person", interpreter=True)
    contact(c1, (2026, 8, 1), "phone")
    contact(c3, (2026, 9, 1), "home_visit", interpreter=True)
    contact(c3, (2026, 6, 1), "in_person")
    contact(c4, (2026, 10, 6), "in_person")

    WalkIn.objects.create(
        municipality=m,
        site=hochfeld,
        person=p1,
        given_name="Ioana",
        family_name="Test",
        arrived_at=_at((2026, 7, 8), 9, 0),
        called_at=_at((2026, 7, 8), 9, 30),
        status="called",
    )
    WalkIn.objects.create(
        municipality=m,
        site=hamborn,
        given_name="Unbekannt",
        family_name="Test",
        arrived_at=_at((2026, 7, 20), 10, 0),
        called_at=_at((2026, 7, 20), 10, 50),
        status="called",
    )

    def referral(c, organisation, status, sent, answered=None):
        Referral.objects.create(
            municipality=m,
            case=c,
            organisation=organisation,
            question="?",
            status=status,
            sent_at=_at(sent),
            answered_at=_at(answered) if answered else None,
        )

    referral(c1, jobcenter, "accepted", (2026, 7, 11), (2026, 7, 14))
    referral(c3, jobcenter, "sent", (2026, 8, 1))
    referral(c2, provider, "completed", (2026, 5, 1), (2026, 5, 2))

    for c, domain, status in (
        (c1, "language", "open"),
        (c1, "work", "reached"),
        (c3, "language", "reached"),
        (c5, "housing", "open"),
    ):
        Goal.objects.create(
            case=c,
            life_domain=domain,
            description="Ziel",
            target_date=dt.date(2026, 12, 31),
            status=status,
        )

    def assess(c, day, **needs):
        a = Assessment.objects.create(case=c, assessed_on=dt.date(*day))
        for domain, need in needs.items():
            AssessmentItem.objects.create(assessment=a, life_domain=domain, need=need)

    assess(c1, (2026, 7, 10), language="urgent", work="some")
    assess(c1, (2026, 9, 1), language="some", work="some", housing="urgent")
    assess(c3, (2026, 3, 5), language="some")
    assess(c3, (2026, 10, 1), language="none")
    assess(c2, (2026, 2, 5), health="urgent")
    assess(c2, (2026, 7, 20), health="none")

    waits = StructuralIssue.objects.create(municipality=m, title="Wartezeit Ausländeramt")
    kita = StructuralIssue.objects.create(municipality=m, title="Keine Kita-Plätze")
    old = StructuralIssue.objects.create(municipality=m, title="Erledigt", active=False)
    for c, issue in ((c1, waits), (c5, waits), (c3, kita), (c1, old)):
        CaseStructuralIssue.objects.create(case=c, issue=issue)
    return {
        "municipality": m,
        "anna": anna,
        "bernd": bernd,
        "lead": lead,
        "coordinator": coordinator,
        "admin": admin,
        "hochfeld": hochfeld,
        "hamborn": hamborn,
        "city": city,
        "provider": provider,
        "cases": (c1, c2, c3, c4, c5),
    }
