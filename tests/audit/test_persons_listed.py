"""Every list, search, duplicate queue and duplicate warning that shows persons (of persons,
households, cases, clearing cases, the walk-in queue) leaves one audit entry with the ids
shown, on the pages and in the API; what was typed is not kept, and a request that showed
nobody leaves none."""

import datetime as dt
import json

import pytest
from django.test import Client

from lotse.accounts import services as account_services
from lotse.accounts.enums import Role
from lotse.audit.events import EventType
from lotse.audit.models import AuditEvent
from lotse.cases import services as case_services
from lotse.cases import walkins
from lotse.clearing import services as clearing_services
from lotse.people import services
from lotse.people.models import Person
from tests.factories import SiteFactory, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(login):
    manager = make_user(Role.CASE_MANAGER)
    municipality = manager.membership.municipality
    # One man written twice: the duplicate queue holds the pair.
    ion, again = (
        services.create_person(
            acting_user=manager,
            municipality=municipality,
            given_name="Ion",
            family_name=family,
            birth_date=dt.date(1985, 4, 2),
        )
        for family in ("Popescu", "Popesku")
    )
    services.detect_duplicates(acting_user=manager, municipality=municipality)
    _token, raw = account_services.create_api_token(acting_user=None, user=manager, name="t")
    return {
        "manager": manager,
        "ion": ion,
        "again": again,
        "page": login(manager),
        "api": {"HTTP_AUTHORIZATION": f"Bearer {raw}"},
    }


def _listed():
    """The (via, listing, persons) of each entry, and the entries as text."""
    events = AuditEvent.objects.filter(event_type=EventType.PERSONS_LISTED).order_by("id")
    entries = [
        (e.context["via"], e.context["listing"], sorted(e.context["persons"])) for e in events
    ]
    return entries, " ".join(json.dumps(e.context) for e in events)


def _ids(*persons):
    return sorted(str(person.pk) for person in persons)


def test_a_search_on_the_page_and_in_the_api_is_audited_without_what_was_typed(desk):
    desk["page"].post("/persons/", {"q": "Popescu Ion"})
    Client().post(
        "/api/v1/persons/search",
        data=json.dumps({"text": "Ion Popesku", "limit": 1}),
        content_type="application/json",
        **desk["api"],
    )
    entries, text = _listed()
    assert entries == [
        ("web", "search", _ids(desk["ion"], desk["again"])),
        ("api", "search", _ids(desk["again"])),
    ]
    assert "Ion" not in text
    assert "opes" not in text


def test_the_lists_and_the_duplicate_queue_are_audited(desk):
    desk["page"].get("/persons/")
    desk["page"].get("/duplicates/")
    Client().get("/api/v1/persons?limit=1", **desk["api"])
    Client().get("/api/v1/duplicates", **desk["api"])
    both = _ids(desk["ion"], desk["again"])
    assert _listed()[0] == [
        ("web", "list", both),
        ("web", "duplicates", both),
        ("api", "list", _ids(desk["ion"])),  # a page of one, by name: Ion Popescu
        ("api", "duplicates", both),
    ]


def test_a_duplicate_warning_is_audited_and_nothing_when_nobody_is_shown(desk):
    new = {"given_name": "Ion", "family_name": "Popescu", "birth": "02.04.1985", "gender": "male"}
    assert desk["page"].post("/persons/new/", new).context["matches"]
    Client().post(
        "/api/v1/persons",
        data=json.dumps(
            {"given_name": "Ion", "family_name": "Popesku", "birth_date": "1985-04-02"}
        ),
        content_type="application/json",
        **desk["api"],
    )
    desk["page"].post("/persons/", {"q": "Ahmadi"})  # nobody found
    entries, _text = _listed()
    assert [(via, listing) for via, listing, _persons in entries] == [
        ("web", "warning"),
        ("api", "warning"),
    ]
    assert [persons for _via, _listing, persons in entries] == [
        _ids(desk["ion"], desk["again"])
    ] * 2


def test_a_household_shown_is_audited_with_its_members(desk):
    manager = desk["manager"]
    household = services.create_household(
        acting_user=manager, municipality=manager.membership.municipality, name="Popescu"
    )
    Person.objects.filter(pk=desk["ion"].pk).update(household=household)
    desk["page"].get(f"/households/{household.pk}/")
    Client().get("/api/v1/households", **desk["api"])
    Client().get(f"/api/v1/households/{household.pk}", **desk["api"])
    assert _listed()[0] == [
        ("web", "household", _ids(desk["ion"])),
        ("api", "households", _ids(desk["ion"])),
        ("api", "household", _ids(desk["ion"])),
    ]


def test_an_api_page_holds_at_most_200_persons_and_so_does_its_entry(desk):
    for number in range(201):
        services.create_person(
            acting_user=None,
            municipality=desk["ion"].municipality,
            given_name=f"P{number}",
            family_name="Zed",
        )
    response = Client().get("/api/v1/persons?limit=100000", **desk["api"])
    assert len(response.json()["items"]) == 200
    assert len(_listed()[0][0][2]) == 200


def test_the_lists_of_cases_and_clearing_cases_and_the_walk_in_queue_are_audited(desk, login):
    manager, ion, again = desk["manager"], desk["ion"], desk["again"]
    municipality = manager.membership.municipality
    site = SiteFactory(organisation=manager.membership.organisation)
    household = services.create_household(
        acting_user=manager, municipality=municipality, name="Popescu"
    )
    Person.objects.filter(pk=again.pk).update(household=household)
    case_services.open_case(acting_user=manager, owner=manager, site=site, person=ion)
    case_services.open_case(acting_user=manager, owner=manager, site=site, household=household)
    walkins.register_walk_in(acting_user=manager, site=site, person=again)
    walkins.register_walk_in(acting_user=manager, site=site, given_name="Neu", family_name="Da")
    counsellor = make_user(Role.CLEARING_COUNSELLOR, municipality)
    clearing_services.open_clearing_case(
        acting_user=counsellor, person=ion, status_at_start="unclear", opened_on=dt.date(2026, 2, 1)
    )
    _token, raw = account_services.create_api_token(acting_user=None, user=counsellor, name="c")
    counselling = login(counsellor)

    desk["page"].get("/cases/?scope=all")
    desk["page"].get(f"/sites/{site.pk}/walk-ins/")
    Client().get("/api/v1/cases", **desk["api"])
    Client().get(f"/api/v1/sites/{site.pk}/walk-ins", **desk["api"])
    counselling.get("/clearing/?scope=all")
    counselling.get("/home/")
    Client().get("/api/v1/clearing-cases", HTTP_AUTHORIZATION=f"Bearer {raw}")
    both = _ids(ion, again)
    # A household's case names its members; a walk-in without a record names nobody known.
    assert _listed()[0] == [
        ("web", "cases", both),
        ("web", "walk-ins", _ids(again)),
        ("api", "cases", both),
        ("api", "walk-ins", _ids(again)),
        ("web", "clearing", _ids(ion)),
        ("web", "clearing", _ids(ion)),  # the counsellor's home lists her open clearings
        ("api", "clearing", _ids(ion)),
    ]


def test_the_walk_in_queue_shown_again_after_a_refused_registration_is_audited_again(desk):
    """Who arrived since the queue was opened is shown with the refusal."""
    manager = desk["manager"]
    site = SiteFactory(organisation=manager.membership.organisation)
    walkins.register_walk_in(acting_user=manager, site=site, person=desk["ion"])
    desk["page"].get(f"/sites/{site.pk}/walk-ins/")
    walkins.register_walk_in(acting_user=manager, site=site, person=desk["again"])
    refused = desk["page"].post(f"/sites/{site.pk}/walk-ins/register/", {"given_name": ""})
    assert refused.status_code == 400
    assert _listed()[0] == [
        ("web", "walk-ins", _ids(desk["ion"])),
        ("web", "walk-ins", _ids(desk["ion"], desk["again"])),
    ]
