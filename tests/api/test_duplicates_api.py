"""The duplicate queue through the API: list, detect, confirm, reject, merge; scoped as
always."""

import datetime as dt

import pytest
from django.db.models import F
from django.test import Client

from lotse.accounts import services as account_services
from lotse.accounts.enums import Role
from lotse.people import services as people_services
from lotse.people.models import DuplicatePair, Person, PersonSource
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _headers(user):
    _token, raw = account_services.create_api_token(acting_user=user, user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _post(url, headers, body=None):
    return Client().post(url, body or {}, content_type="application/json", **headers)


@pytest.fixture
def queue():
    manager = make_user(Role.CASE_MANAGER)
    municipality = manager.membership.municipality
    persons = [
        people_services.create_person(
            acting_user=manager,
            municipality=municipality,
            given_name=given,
            family_name=family,
            birth_date=dt.date(1985, 4, 2),
            phone=phone,
        )
        for given, family, phone in (("Ion", "Popescu", ""), ("Ion", "Popesku", "0203 1"))
    ]
    PersonSource.objects.create(
        municipality=municipality, person=persons[1], source="jobcenter", external_id="J-5"
    )
    headers = _headers(manager)
    detected = _post("/api/v1/duplicates/detect", headers)
    assert detected.status_code == 200
    assert detected.json() == {"persons": 2, "compared": 1, "found": 1, "new": 1}
    return {"manager": manager, "headers": headers, "persons": persons}


def test_list_shows_the_pair_with_evidence_and_source_ids(queue):
    listing = Client().get("/api/v1/duplicates", **queue["headers"]).json()
    assert listing["count"] == 1
    [pair] = listing["items"]
    assert pair["evidence"] == ["name:spelling", "birth:date"]
    assert {pair["first"]["family_name"], pair["second"]["family_name"]} == {"Popescu", "Popesku"}
    sources = pair["first"]["sources"] + pair["second"]["sources"]
    assert sources == ["jobcenter:J-5"]
    stranger = make_user(Role.CASE_MANAGER)
    assert Client().get("/api/v1/duplicates", **_headers(stranger)).json()["count"] == 0
    assert _post(f"/api/v1/duplicates/{pair['id']}/reject", _headers(stranger)).status_code == 404


def _versions(pair):
    """The versions of the pair's persons as read (``MergeIn``)."""
    return {"first_version": pair.first.version, "second_version": pair.second.version}


def test_merge_through_the_api(queue):
    pair = DuplicatePair.objects.get()
    popescu, popesku = queue["persons"]
    not_an_id = _post(
        f"/api/v1/duplicates/{pair.pk}/merge", queue["headers"], {"keep": "7", **_versions(pair)}
    )
    assert not_an_id.status_code == 422
    stranger = make_user(Role.CASE_MANAGER)
    outside = _post(
        f"/api/v1/duplicates/{pair.pk}/merge",
        queue["headers"],
        {"keep": str(stranger.pk), **_versions(pair)},
    )
    assert outside.status_code == 400
    unknown = _post(
        f"/api/v1/duplicates/{pair.pk}/merge",
        queue["headers"],
        {"keep": str(popescu.pk), "take_from_other": ["municipality"], **_versions(pair)},
    )
    assert unknown.status_code == 400
    merge = {"keep": str(popescu.pk), "take_from_other": ["phone"], **_versions(pair)}
    unversioned = {name: value for name, value in merge.items() if "version" not in name}
    missing = _post(f"/api/v1/duplicates/{pair.pk}/merge", queue["headers"], unversioned)
    assert missing.status_code == 422
    # Someone changed a record since it was read: nothing is merged.
    Person.objects.filter(pk=popesku.pk).update(version=F("version") + 1)
    stale = _post(f"/api/v1/duplicates/{pair.pk}/merge", queue["headers"], merge)
    assert stale.status_code == 409
    assert Person.objects.count() == 2
    pair.refresh_from_db()
    pair.first.refresh_from_db()
    pair.second.refresh_from_db()
    merge.update(_versions(pair))
    merged = _post(f"/api/v1/duplicates/{pair.pk}/merge", queue["headers"], merge)
    assert merged.status_code == 200
    assert (merged.json()["family_name"], merged.json()["phone"]) == ("Popescu", "0203 1")
    assert list(Person.objects.all()) == [popescu]
    assert [str(s) for s in popescu.sources.all()] == ["jobcenter:J-5"]
    assert not Person.objects.filter(pk=popesku.pk).exists()


def test_reject_through_the_api(queue):
    pair = DuplicatePair.objects.get()
    assert _post(f"/api/v1/duplicates/{pair.pk}/reject", queue["headers"]).status_code == 200
    assert Client().get("/api/v1/duplicates", **queue["headers"]).json()["count"] == 0
    again = _post("/api/v1/duplicates/detect", queue["headers"]).json()
    assert (again["found"], again["new"]) == (1, 0)


def test_partner_staff_can_neither_search_nor_see_the_queue(queue):
    partner = make_user(Role.PARTNER_STAFF, queue["manager"].membership.municipality)
    headers = _headers(partner)
    assert _post("/api/v1/persons/search", headers, {"text": "Popescu"}).status_code == 403
    assert Client().get("/api/v1/duplicates", **headers).status_code == 403


def test_a_coordinator_confirms_and_a_case_manager_merges_through_the_api(queue):
    pair = DuplicatePair.objects.get()
    popescu, _popesku = queue["persons"]
    coordinator = make_user(Role.COORDINATOR, queue["manager"].membership.municipality)
    headers = _headers(coordinator)
    [listed] = Client().get("/api/v1/duplicates", **headers).json()["items"]
    assert (listed["id"], listed["status"]) == (pair.pk, "open")
    merge = {"keep": str(popescu.pk), **_versions(pair)}
    assert _post(f"/api/v1/duplicates/{pair.pk}/merge", headers, merge).status_code == 403
    # Confirming is the coordinators' step; a case manager merges.
    assert _post(f"/api/v1/duplicates/{pair.pk}/confirm", queue["headers"]).status_code == 403
    confirmed = _post(f"/api/v1/duplicates/{pair.pk}/confirm", headers)
    assert confirmed.status_code == 200
    assert confirmed.json()["status"] == "confirmed"
    again = _post(f"/api/v1/duplicates/{pair.pk}/confirm", headers)
    assert again.status_code == 400
    [listed] = Client().get("/api/v1/duplicates", **queue["headers"]).json()["items"]
    assert listed["status"] == "confirmed"
    merged = _post(f"/api/v1/duplicates/{pair.pk}/merge", queue["headers"], merge)
    assert merged.status_code == 200
    assert list(Person.objects.all()) == [popescu]


def test_a_rejection_through_the_api_answers_with_the_rejected_pair(queue):
    pair = DuplicatePair.objects.get()
    coordinator = make_user(Role.COORDINATOR, queue["manager"].membership.municipality)
    rejected = _post(f"/api/v1/duplicates/{pair.pk}/reject", _headers(coordinator))
    assert rejected.status_code == 200
    assert rejected.json()["status"] == "rejected"
    stranger = make_user(Role.COORDINATOR)
    assert _post(f"/api/v1/duplicates/{pair.pk}/confirm", _headers(stranger)).status_code == 404
