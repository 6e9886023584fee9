import json

import pytest
from django.test import Client

from lotse.accounts import services as account_services
from lotse.accounts.enums import Role
from lotse.audit.events import EventType
from lotse.audit.models import AuditEvent
from lotse.cases import services
from lotse.people import services as people_services
from lotse.people.models import Person
from tests.factories import SiteFactory, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    manager = make_user(Role.CASE_MANAGER)
    municipality = manager.membership.municipality
    site = SiteFactory(organisation__municipality=municipality)
    person = people_services.create_person(
        acting_user=manager, municipality=municipality, given_name="Ion", family_name="Popescu"
    )
    _token, raw = account_services.create_api_token(acting_user=None, user=manager, name="t")
    return {
        "manager": manager,
        "site": site,
        "person": person,
        "headers": {"HTTP_AUTHORIZATION": f"Bearer {raw}"},
    }


def _send(method, url, team, body=None):
    extra = {"data": json.dumps(body), "content_type": "application/json"} if body else {}
    return getattr(Client(), method)(url, **extra, **team["headers"])


def test_open_case_and_walk_the_state_machine(team):
    created = _send(
        "post",
        "/api/v1/cases",
        team,
        {"person_id": str(team["person"].pk), "site_id": str(team["site"].pk)},
    )
    assert created.status_code == 201
    case = created.json()
    assert case["phase"] == "intake"
    assert case["allowed_next_phases"] == ["assessment", "closed"]
    moved = _send(
        "post",
        f"/api/v1/cases/{case['id']}/transitions",
        team,
        {"version": case["version"], "to_phase": "assessment"},
    )
    assert moved.status_code == 200
    assert moved.json()["phase"] == "assessment"
    refused = _send(
        "post",
        f"/api/v1/cases/{case['id']}/transitions",
        team,
        {"version": moved.json()["version"], "to_phase": "evaluation"},
    )
    assert refused.status_code == 400
    assert "kann nicht" in refused.json()["detail"]
    stale = _send(
        "post",
        f"/api/v1/cases/{case['id']}/transitions",
        team,
        {"version": case["version"], "to_phase": "planning"},
    )
    assert stale.status_code == 409
    assert "Jemand anderes" in stale.json()["detail"]


def test_stale_person_update_answers_409_and_overwrites_nothing(team):
    url = f"/api/v1/persons/{team['person'].pk}"
    assert _send("patch", url, team, {"version": 1, "phone": "111"}).status_code == 200
    stale = _send("patch", url, team, {"version": 1, "phone": "222"})
    assert stale.status_code == 409
    assert stale.json()["fields"] == ["phone"]
    team["person"].refresh_from_db()
    assert team["person"].phone == "111"


def test_bad_person_input_gets_a_clear_400(team):
    response = _send(
        "post",
        "/api/v1/persons",
        team,
        {
            "given_name": "A",
            "family_name": "B",
            "birth_date": "2000-01-01",
            "arrival_date": "1999-01-01",
        },
    )
    assert response.status_code == 400
    assert "arrival_date" in response.json()["errors"]


def test_reading_a_person_through_the_api_is_audited(team):
    response = _send("get", f"/api/v1/persons/{team['person'].pk}", team)
    assert response.status_code == 200
    event = AuditEvent.objects.get(event_type=EventType.PERSON_VIEWED)
    assert event.context == {"via": "api"}


def test_other_municipality_sees_nothing(team):
    case = services.open_case(
        acting_user=team["manager"], owner=team["manager"], site=team["site"], person=team["person"]
    )
    stranger = make_user(Role.CASE_MANAGER)
    _token, raw = account_services.create_api_token(acting_user=None, user=stranger, name="t")
    other = {"headers": {"HTTP_AUTHORIZATION": f"Bearer {raw}"}}
    assert _send("get", f"/api/v1/cases/{case.pk}", other).status_code == 404
    assert _send("get", f"/api/v1/persons/{team['person'].pk}", other).status_code == 404
    assert _send("get", "/api/v1/persons", other).json()["count"] == 0


@pytest.mark.parametrize("rows", [1, 3])
def test_case_list_query_count_does_not_grow(team, django_assert_num_queries, rows):
    for _ in range(rows):
        services.open_case(
            acting_user=team["manager"],
            owner=team["manager"],
            site=team["site"],
            person=team["person"],
        )
    # token, token stamp, count, page with joins (the households' members: none here); the
    # audit entry of the persons shown (savepoint, insert, release)
    with django_assert_num_queries(7):
        response = _send("get", "/api/v1/cases", team)
    assert response.json()["count"] == rows


@pytest.mark.parametrize("rows", [1, 3])
def test_person_list_query_count_does_not_grow(team, django_assert_num_queries, rows):
    for number in range(rows - 1):
        people_services.create_person(
            acting_user=team["manager"],
            municipality=team["site"].municipality,
            given_name=f"P{number}",
            family_name="X",
        )
    # token, count, page; the audit entry of the persons shown (savepoint, insert, release)
    with django_assert_num_queries(7):
        response = _send("get", "/api/v1/persons", team)
    assert response.json()["count"] == rows
    listed = AuditEvent.objects.get(event_type=EventType.PERSONS_LISTED)
    assert sorted(listed.context["persons"]) == sorted(p["id"] for p in response.json()["items"])


def test_creating_a_person_like_a_known_one_answers_409_with_the_possible_duplicates(team):
    """The intake form's warning, through the API: nothing is created until confirmed."""
    body = {"given_name": "Ion", "family_name": "Popesku", "birth_date": "1985-04-02"}
    warned = _send("post", "/api/v1/persons", team, body)
    assert warned.status_code == 409
    [offered] = warned.json()["possible_duplicates"]
    assert offered["person"]["id"] == str(team["person"].pk)
    assert "name:spelling" in offered["evidence"]
    assert offered["reason"]
    assert Person.objects.count() == 1
    created = _send("post", "/api/v1/persons", team, {**body, "confirm_new": True})
    assert created.status_code == 201
    assert Person.objects.count() == 2
    # Another municipality's Ion Popescu is nobody's duplicate here.
    stranger = make_user(Role.CASE_MANAGER)
    _token, raw = account_services.create_api_token(acting_user=None, user=stranger, name="t")
    other = {"headers": {"HTTP_AUTHORIZATION": f"Bearer {raw}"}}
    assert _send("post", "/api/v1/persons", other, body).status_code == 201


def test_renaming_a_person_like_another_answers_409_until_confirmed(team):
    maria = people_services.create_person(
        acting_user=team["manager"],
        municipality=team["manager"].membership.municipality,
        given_name="Maria",
        family_name="Ionescu",
    )
    url = f"/api/v1/persons/{maria.pk}"
    assert _send("patch", url, team, {"version": 1, "phone": "0203 1"}).status_code == 200
    rename = {"version": 2, "given_name": "Ion", "family_name": "Popescu"}
    warned = _send("patch", url, team, rename)
    assert warned.status_code == 409
    assert [p["person"]["id"] for p in warned.json()["possible_duplicates"]] == [
        str(team["person"].pk)
    ]
    maria.refresh_from_db()
    assert (maria.given_name, maria.version) == ("Maria", 2)
    saved = _send("patch", url, team, {**rename, "confirm_new": True})
    assert saved.status_code == 200
    assert saved.json()["given_name"] == "Ion"
