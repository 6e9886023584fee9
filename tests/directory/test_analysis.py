"""The gap-and-overlap analysis on a small hand-built landscape whose gaps and overlaps are
known in advance: exactly those must be reported, on SQLite and PostgreSQL."""

import datetime as dt

import pytest
from django.utils import timezone

from lotse.accounts.enums import Role
from lotse.cases import casework
from lotse.cases import services as case_services
from lotse.cases.casework import DomainAssessment
from lotse.cases.enums import Phase
from lotse.cases.models import Case
from lotse.core.catalogues import Language, LanguageLevel
from lotse.directory import services
from lotse.directory.analysis import Filters, analyse
from lotse.people import services as people_services
from lotse.referrals.enums import ReferralStatus
from lotse.referrals.models import Referral
from tests.factories import OrganisationFactory, SiteFactory, make_user

pytestmark = pytest.mark.django_db

NATIVE = LanguageLevel.NATIVE


def _service(world, organisation, name, domains, languages, *, sites, **extra):
    return services.create_service(
        acting_user=world["coordinator"],
        organisation=world[organisation],
        sites=[world[s] for s in sites],
        name=name,
        description=f"{name} (Test)",
        life_domains=domains,
        languages=languages,
        target_groups=extra.pop("target_groups", ["everyone"]),
        **extra,
    )


def _case(world, district, members, needs, *, closed=False):
    """A household case in a district; members are (first language, age)."""
    manager, municipality = world["manager"], world["municipality"]
    household = people_services.create_household(
        acting_user=manager, municipality=municipality, name="Familie Test", district=district
    )
    today = timezone.localdate()
    for index, (language, age) in enumerate(members):
        people_services.create_person(
            acting_user=manager,
            municipality=municipality,
            household=household,
            given_name=f"Person{index}",
            family_name="Test",
            birth_date=today.replace(year=today.year - age) - dt.timedelta(days=30),
            languages=[(Language(language), NATIVE), (Language.GERMAN, LanguageLevel.A)],
        )
    case = case_services.open_case(
        acting_user=manager, owner=manager, site=world["north_site"], household=household
    )
    for assessed_on, items in needs:
        casework.record_assessment(
            acting_user=manager,
            case=case,
            assessed_on=assessed_on,
            items=[DomainAssessment(domain, level) for domain, level in items],
        )
    if closed:
        Case.objects.filter(pk=case.pk).update(phase=Phase.CLOSED)
    return case


def _declined(world, case, domain, reason, *, count):
    now = timezone.now()
    for _ in range(count):
        Referral.objects.create(
            municipality=world["municipality"],
            case=case,
            organisation=world["b"],
            life_domain=domain,
            question="Test",
            categories=["identity"],
            status=ReferralStatus.DECLINED,
            decline_reason=reason,
            sent_at=now - dt.timedelta(days=3),
            answered_at=now - dt.timedelta(days=1),
            created_by=world["manager"],
        )


@pytest.fixture
def world():
    coordinator = make_user(Role.COORDINATOR)
    municipality = coordinator.membership.municipality
    manager = make_user(Role.CASE_MANAGER, municipality)
    a, b, c = (OrganisationFactory(municipality=municipality, name=n) for n in "ABC")
    world = {
        "coordinator": coordinator,
        "manager": manager,
        "municipality": municipality,
        "a": a,
        "b": b,
        "c": c,
        "north_site": SiteFactory(organisation=a, district="Nord", name="A Nord"),
        "south_b": SiteFactory(organisation=b, district="Süd", name="B Süd"),
        "south_c": SiteFactory(organisation=c, district="Süd", name="C Süd"),
        "south_a": SiteFactory(organisation=a, district="Süd", name="A Süd"),
    }
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    world["s1"] = _service(
        world, "a", "S1 Gesundheit", ["health"], ["de", "ro"], sites=["north_site"]
    )
    world["s2"] = _service(
        world,
        "b",
        "S2 Familie",
        ["family", "orientation"],
        ["de", "ar"],
        sites=["south_b"],
        waiting_days=10,
        capacity=20,
    )
    world["s3"] = _service(
        world, "c", "S3 Familie", ["family"], ["ar", "de"], sites=["south_c"], waiting_days=40
    )
    world["s4"] = _service(
        world,
        "a",
        "S4 Lernraum",
        ["education"],
        ["ar"],
        sites=["south_a"],
        target_groups=["children"],
        age_min=6,
        age_max=12,
        waiting_days=60,
    )
    world["s5"] = _service(
        world,
        "a",
        "S5 abgelaufen",
        ["health"],
        ["ro"],
        sites=["south_a"],
        valid_from=yesterday - dt.timedelta(days=30),
        valid_until=yesterday,
    )
    start, later = dt.date(2026, 1, 5), dt.date(2026, 3, 5)
    world["romanian_south"] = _case(world, "Süd", [("ro", 30)], [(start, [("health", "urgent")])])
    _case(world, "Nord", [("ro", 41)], [(start, [("health", "some")])])
    _case(
        world,
        "Süd",
        [("ar", 35), ("ar", 8)],
        [(start, [("health", "urgent")]), (later, [("education", "urgent"), ("health", "none")])],
    )
    _case(world, "Süd", [("ar", 50)], [(start, [("family", "some")])])
    _case(world, "Süd", [("ro", 33)], [(start, [("housing", "urgent")])], closed=True)
    _case(world, "Süd", [("ar", 28)], [(start, [("housing", "none")])])
    _declined(world, world["romanian_south"], "family", "no_capacity", count=2)
    _declined(world, world["romanian_south"], "family", "not_responsible", count=1)
    _declined(world, world["romanian_south"], "family", "not_reachable", count=4)
    _declined(world, world["romanian_south"], "work", "no_capacity", count=2)
    return world


def _gap_keys(result):
    return {(g.kind, g.life_domain, g.district, g.language) for g in result.gaps}


def test_analysis_reports_exactly_the_known_gaps(world):
    result = analyse(world["municipality"])

    assert _gap_keys(result) == {
        ("no_offer", "health", "Süd", "ro"),
        ("long_wait", "education", "Süd", "ar"),
        ("declined", "family", "", ""),
    }
    by_kind = {g.kind: g for g in result.gaps}
    assert (by_kind["no_offer"].urgent, by_kind["no_offer"].some) == (1, 0)
    assert by_kind["long_wait"].offers == ("S4 Lernraum",)
    assert by_kind["declined"].declined == 3


def test_analysis_reports_exactly_the_known_overlap(world):
    result = analyse(world["municipality"])

    assert [
        (o.district, [s.name for s in o.services], o.life_domains, o.target_groups, o.languages)
        for o in result.overlaps
    ] == [("Süd", ["S2 Familie", "S3 Familie"], ("family",), ("everyone",), ("ar", "de"))]
    assert sum(s.capacity or 0 for s in result.overlaps[0].services) == 20
    # Seven referrals went to organisation B in the period (declined ones included).
    assert result.overlaps[0].referrals == 9


def test_demand_counts_the_latest_assessment_of_open_cases_only(world):
    result = analyse(world["municipality"])

    assert {k: (v.urgent, v.some) for k, v in result.need_by_place.items()} == {
        ("health", "Süd"): (1, 0),
        ("health", "Nord"): (0, 1),
        ("education", "Süd"): (1, 0),
        ("family", "Süd"): (0, 1),
    }
    assert {k: v.total for k, v in result.need_by_age.items()} == {
        ("health", "27-59"): 2,
        ("education", "27-59"): 1,
        ("education", "6-11"): 1,
        ("family", "27-59"): 1,
    }
    # First languages only: the German (level A) of everybody does not count.
    assert {k: v.total for k, v in result.need_by_language.items()} == {
        ("health", "ro"): 2,
        ("education", "ar"): 1,
        ("family", "ar"): 1,
    }
    assert result.supply_by_place[("health", "Nord")] == 1
    assert ("health", "Süd") not in result.supply_by_place  # S5 has expired
    assert result.districts == ["Nord", "Süd"]


def test_filters_narrow_demand_supply_and_gaps(world):
    north = analyse(world["municipality"], Filters(district="Nord"))
    assert _gap_keys(north) == set()
    assert north.overlaps == []
    assert [o.name for o in north.offers] == ["S1 Gesundheit"]

    arabic = analyse(world["municipality"], Filters(language="ar"))
    assert _gap_keys(arabic) == {
        ("long_wait", "education", "Süd", "ar"),
        ("declined", "family", "", ""),
    }

    children = analyse(world["municipality"], Filters(age_band="6-11"))
    assert set(children.need_by_place) == {("education", "Süd")}
    assert "S4 Lernraum" in [o.name for o in children.offers]
    seniors = analyse(world["municipality"], Filters(age_band="60+"))
    assert seniors.need_by_place == {}
    assert [o.name for o in seniors.offers] == ["S1 Gesundheit", "S2 Familie", "S3 Familie"]

    unknown = analyse(world["municipality"], Filters(district="Atlantis"))
    assert unknown.gaps == []
    assert unknown.need_by_place == {}
    assert unknown.offers == []


def test_another_municipality_sees_none_of_it(world):
    other = make_user(Role.COORDINATOR).membership.municipality
    result = analyse(other)
    assert result.gaps == []
    assert result.overlaps == []
    assert result.offers == []
