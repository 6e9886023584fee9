"""The API for what a case manager does on a working day: the plan with its measures, pause,
transfer with a handover note, follow-ups and the walk-in queue."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from lotse.accounts import services as account_services
from lotse.accounts.enums import Role
from lotse.cases import casework, services, walkins
from lotse.cases.enums import CaseEventKind
from lotse.cases.models import WalkIn
from lotse.people import services as people_services
from tests.factories import OrganisationFactory, SiteFactory, make_user

pytestmark = pytest.mark.django_db

FAR = dt.date(2031, 3, 1)


def _headers(user):
    _token, raw = account_services.create_api_token(acting_user=None, user=user, name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _send(method, url, headers, body=None):
    extra = {"data": json.dumps(body), "content_type": "application/json"} if body else {}
    return getattr(Client(), method)(url, **extra, **headers)


@pytest.fixture
def desk():
    manager = make_user(Role.CASE_MANAGER)
    municipality = manager.membership.municipality
    site = SiteFactory(organisation__municipality=municipality)
    person = people_services.create_person(
        acting_user=manager, municipality=municipality, given_name="Ion", family_name="Popescu"
    )
    case = services.open_case(acting_user=manager, owner=manager, site=site, person=person)
    return {
        "manager": manager,
        "municipality": municipality,
        "site": site,
        "person": person,
        "case": case,
        "headers": _headers(manager),
    }


def _goal(desk, description="Deutschkurs B1"):
    return casework.add_goal(
        acting_user=desk["manager"],
        case=desk["case"],
        life_domain="language",
        description=description,
        target_date=FAR,
    )


def test_plan_measures_and_goal_status(desk):
    goal = _goal(desk)
    base = f"/api/v1/cases/{desk['case'].pk}"
    refused = _send(
        "post",
        f"{base}/goals/{goal.pk}/measures",
        desk["headers"],
        {"description": "Beratung Jobcenter", "responsible": "organisation"},
    )
    assert refused.status_code == 400
    assert "organisation" in refused.json()["errors"]

    jobcenter = OrganisationFactory(municipality=desk["municipality"], name="Jobcenter")
    created = _send(
        "post",
        f"{base}/goals/{goal.pk}/measures",
        desk["headers"],
        {
            "description": "Beratung Jobcenter",
            "responsible": "organisation",
            "organisation_id": str(jobcenter.pk),
            "due_date": str(FAR),
        },
    )
    assert created.status_code == 201
    measure = created.json()
    assert (measure["organisation_id"], measure["done"]) == (str(jobcenter.pk), False)

    done = _send("patch", f"{base}/measures/{measure['id']}", desk["headers"], {"done": True})
    assert done.json()["done"] is True

    reached = _send(
        "patch", f"{base}/goals/{goal.pk}", desk["headers"], {"version": 1, "status": "reached"}
    )
    assert reached.status_code == 200
    assert reached.json()["status"] == "reached"
    stale = _send(
        "patch", f"{base}/goals/{goal.pk}", desk["headers"], {"version": 1, "status": "dropped"}
    )
    assert stale.status_code == 409
    goals = _send("get", f"{base}/goals", desk["headers"]).json()
    assert goals[0]["status"] == "reached"
    assert [m["description"] for m in goals[0]["measures"]] == ["Beratung Jobcenter"]


def test_measure_with_another_municipalitys_organisation_is_not_found(desk):
    goal = _goal(desk)
    foreign = OrganisationFactory()
    response = _send(
        "post",
        f"/api/v1/cases/{desk['case'].pk}/goals/{goal.pk}/measures",
        desk["headers"],
        {
            "description": "x",
            "responsible": "organisation",
            "organisation_id": str(foreign.pk),
        },
    )
    assert response.status_code == 404
    assert not goal.measures.exists()


def test_a_goal_of_another_case_is_not_found(desk):
    other_case = services.open_case(
        acting_user=desk["manager"], owner=desk["manager"], site=desk["site"], person=desk["person"]
    )
    goal = casework.add_goal(
        acting_user=desk["manager"],
        case=other_case,
        life_domain="work",
        description="Arbeit",
        target_date=FAR,
    )
    response = _send(
        "patch",
        f"/api/v1/cases/{desk['case'].pk}/goals/{goal.pk}",
        desk["headers"],
        {"version": 1, "status": "reached"},
    )
    assert response.status_code == 404


@pytest.mark.parametrize("rows", [1, 3])
def test_goal_list_query_count_does_not_grow(desk, django_assert_num_queries, rows):
    for number in range(rows):
        goal = _goal(desk, f"Ziel {number}")
        casework.add_measure(
            acting_user=desk["manager"], goal=goal, description="m", responsible="person"
        )
    # token, token stamp, case, its transfers (for the access rule), goals, measures
    with django_assert_num_queries(6):
        response = _send("get", f"/api/v1/cases/{desk['case'].pk}/goals", desk["headers"])
    assert len(response.json()) == rows


def test_pause_resume_and_transfer_with_a_handover_note_both_see(desk):
    base = f"/api/v1/cases/{desk['case'].pk}"
    no_reason = _send(
        "post", f"{base}/pause", desk["headers"], {"version": 1, "paused": True, "reason": " "}
    )
    assert no_reason.status_code == 400
    paused = _send(
        "post",
        f"{base}/pause",
        desk["headers"],
        {"version": 1, "paused": True, "reason": "Reise in die Heimat"},
    )
    assert paused.json()["paused"] is True
    resumed = _send(
        "post",
        f"{base}/pause",
        desk["headers"],
        {"version": paused.json()["version"], "paused": False, "reason": "zurück"},
    )
    assert resumed.json()["paused"] is False

    colleague = make_user(Role.CASE_MANAGER, desk["municipality"])
    other_site = SiteFactory(organisation__municipality=desk["municipality"])
    unknown = _send(
        "post",
        f"{base}/transfer",
        desk["headers"],
        {
            "version": resumed.json()["version"],
            "to_owner": "niemand",
            "to_site_id": str(other_site.pk),
            "handover_note": "Bitte übernehmen",
        },
    )
    assert unknown.status_code == 400
    assert "to_owner" in unknown.json()["errors"]
    moved = _send(
        "post",
        f"{base}/transfer",
        desk["headers"],
        {
            "version": resumed.json()["version"],
            "to_owner": colleague.username,
            "to_site_id": str(other_site.pk),
            "handover_note": "Wohnungssuche läuft, Termin ABH am 3.12.",
        },
    )
    assert moved.status_code == 200
    assert (moved.json()["owner"], moved.json()["site_id"]) == (
        colleague.username,
        str(other_site.pk),
    )
    for headers in (desk["headers"], _headers(colleague)):
        events = _send("get", f"{base}/events", headers).json()
        handover = next(e for e in events if e["kind"] == CaseEventKind.TRANSFERRED)
        assert handover["note"] == "Wohnungssuche läuft, Termin ABH am 3.12."
        assert (handover["from_owner"], handover["to_owner"]) == (
            desk["manager"].username,
            colleague.username,
        )
    assert [e["kind"] for e in events][:3] == ["transferred", "resumed", "paused"]


def test_transfer_to_a_case_manager_of_another_municipality_is_refused(desk):
    stranger = make_user(Role.CASE_MANAGER)
    response = _send(
        "post",
        f"/api/v1/cases/{desk['case'].pk}/transfer",
        desk["headers"],
        {
            "version": 1,
            "to_owner": stranger.username,
            "to_site_id": str(desk["site"].pk),
            "handover_note": "x",
        },
    )
    assert response.status_code == 400
    desk["case"].refresh_from_db()
    assert desk["case"].owner_id == desk["manager"].pk


def test_follow_up_done(desk):
    follow_up = casework.add_follow_up(
        acting_user=desk["manager"], case=desk["case"], due_on=FAR, note="Bescheid da?"
    )
    url = f"/api/v1/cases/{desk['case'].pk}/follow-ups/{follow_up.pk}/done"
    first = _send("post", url, desk["headers"])
    assert first.status_code == 200
    assert first.json()["done_at"] is not None
    again = _send("post", url, desk["headers"])
    assert again.json()["done_at"] == first.json()["done_at"]


def test_walk_in_queue_through_the_api(desk):
    url = f"/api/v1/sites/{desk['site'].pk}/walk-ins"
    nameless = _send("post", url, desk["headers"], {"given_name": "Mara"})
    assert nameless.status_code == 400
    first = _send("post", url, desk["headers"], {"given_name": "Mara", "family_name": "Ionescu"})
    assert first.status_code == 201
    known = _send("post", url, desk["headers"], {"person_id": str(desk["person"].pk)})
    assert known.json()["family_name"] == "Popescu"
    assert known.json()["person_id"] == str(desk["person"].pk)
    waiting = _send("get", url, desk["headers"]).json()
    assert [w["family_name"] for w in waiting] == ["Ionescu", "Popescu"]

    called = _send("post", f"{url}/call-next", desk["headers"])
    assert called.json()["family_name"] == "Ionescu"
    assert called.json()["status"] == "called"
    assert called.json()["waiting_minutes"] == 0
    left = _send("post", f"{url}/{known.json()['id']}/left", desk["headers"])
    assert left.json()["status"] == "left"
    assert _send("post", f"{url}/call-next", desk["headers"]).status_code == 404
    again = _send("post", f"{url}/{known.json()['id']}/left", desk["headers"])
    assert again.status_code == 400
    assert [w["status"] for w in _send("get", url, desk["headers"]).json()] == ["called"]


@pytest.mark.parametrize(
    ("body", "refused"),
    [
        ({"given_name": "!!!", "family_name": "Ionescu"}, "given_name"),
        ({"given_name": "Mara", "family_name": "123"}, "family_name"),
    ],
    ids=["no letters", "digits only"],
)
def test_walk_in_api_refuses_a_name_the_person_forms_refuse(desk, body, refused):
    url = f"/api/v1/sites/{desk['site'].pk}/walk-ins"
    response = _send("post", url, desk["headers"], body)
    assert response.status_code == 422
    assert [(e["loc"][-1], e["msg"]) for e in response.json()["errors"]] == [
        (refused, "Ein Name braucht mindestens einen Buchstaben.")
    ]
    assert not WalkIn.objects.exists()


def test_walk_in_api_takes_names_as_the_person_forms_do(desk):
    url = f"/api/v1/sites/{desk['site'].pk}/walk-ins"
    response = _send(
        "post", url, desk["headers"], {"given_name": " Mara ", "family_name": "Ionescu"}
    )
    assert response.status_code == 201
    assert (response.json()["given_name"], response.json()["family_name"]) == ("Mara", "Ionescu")
    known = _send("post", url, desk["headers"], {"person_id": str(desk["person"].pk)})
    assert known.status_code == 201
    # With a known person the names sent are not the walk-in's: not looked at.
    ignored = _send(
        "post",
        url,
        desk["headers"],
        {"person_id": str(desk["person"].pk), "given_name": "!!!", "family_name": "123"},
    )
    assert ignored.status_code == 201
    assert ignored.json()["person_id"] == str(desk["person"].pk)


def test_waiting_time_is_measured_from_arrival(desk):
    walk_in = walkins.register_walk_in(
        acting_user=desk["manager"], site=desk["site"], given_name="A", family_name="B"
    )
    walk_in.arrived_at = timezone.now() - dt.timedelta(minutes=47)
    walk_in.save(update_fields=["arrived_at"])
    called = _send("post", f"/api/v1/sites/{desk['site'].pk}/walk-ins/call-next", desk["headers"])
    assert called.json()["waiting_minutes"] == 47


def test_another_municipalitys_queue_and_persons_stay_hidden(desk):
    stranger = make_user(Role.CASE_MANAGER)
    headers = _headers(stranger)
    url = f"/api/v1/sites/{desk['site'].pk}/walk-ins"
    assert _send("get", url, headers).status_code == 404
    assert _send("post", url, headers, {"given_name": "A", "family_name": "B"}).status_code == 404
    own_site = SiteFactory(organisation__municipality=stranger.membership.municipality)
    foreign_person = _send(
        "post",
        f"/api/v1/sites/{own_site.pk}/walk-ins",
        headers,
        {"person_id": str(desk["person"].pk)},
    )
    assert foreign_person.status_code == 404
    found = _send("post", "/api/v1/persons/search", headers, {"text": "Popescu"})
    assert found.json() == []


def test_person_search_by_post(desk):
    people_services.create_person(
        acting_user=desk["manager"],
        municipality=desk["municipality"],
        given_name="Ioana",
        family_name="Popescu",
    )
    found = _send("post", "/api/v1/persons/search", desk["headers"], {"text": "popescu io"})
    assert [hit["person"]["given_name"] for hit in found.json()] == ["Ion", "Ioana"]
    assert [hit["evidence"] for hit in found.json()] == [["name:begins"], ["name:begins"]]
    assert found.json()[0]["score"] > found.json()[1]["score"]  # "io" is nearer Ion
    limited = _send(
        "post", "/api/v1/persons/search", desk["headers"], {"text": "popescu", "limit": 1}
    )
    assert len(limited.json()) == 1
    too_many = _send(
        "post", "/api/v1/persons/search", desk["headers"], {"text": "x", "limit": 5000}
    )
    assert too_many.status_code == 422


@pytest.mark.parametrize("rows", [1, 3])
def test_walk_in_and_event_lists_query_count_does_not_grow(desk, django_assert_num_queries, rows):
    for number in range(rows):
        walkins.register_walk_in(
            acting_user=desk["manager"], site=desk["site"], given_name=f"G{number}", family_name="F"
        )
        services.set_case_paused(
            acting_user=desk["manager"],
            case=desk["case"],
            paused=number % 2 == 0,
            reason="r",
            expected_version=desk["case"].version,
        )
    # token, token stamp; site (scoped, its hours prefetched), walk-ins
    with django_assert_num_queries(5):
        waiting = _send("get", f"/api/v1/sites/{desk['site'].pk}/walk-ins", desk["headers"])
    assert len(waiting.json()) == rows
    # token (its stamp was written by the request before); case, its events with their users
    with django_assert_num_queries(3):
        events = _send("get", f"/api/v1/cases/{desk['case'].pk}/events", desk["headers"])
    assert len(events.json()) == rows + 1
