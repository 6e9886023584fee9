"""The directory API: public read without a token, authenticated write through the same
services and permissions as the pages, the analysis as JSON."""

import json

import pytest
from django.test import Client

from lotse.accounts import services as account_services
from lotse.accounts.enums import Role
from lotse.api.api import api
from lotse.directory import services
from tests.factories import OrganisationFactory, SiteFactory, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    coordinator = make_user(Role.COORDINATOR)
    municipality = coordinator.membership.municipality
    awo = OrganisationFactory(municipality=municipality, name="AWO")
    caritas = OrganisationFactory(municipality=municipality, name="Caritas")
    site = SiteFactory(organisation=awo, district="Hamborn")
    offer = services.create_service(
        acting_user=coordinator,
        organisation=caritas,
        sites=[site],
        name="MBE",
        description="Beratung",
        life_domains=["residence"],
        languages=["de", "ar"],
        internal_note="nur intern",
        capacity=30,
    )
    return {
        "coordinator": coordinator,
        "municipality": municipality,
        "awo": awo,
        "caritas": caritas,
        "site": site,
        "offer": offer,
        "partner": make_user(Role.PARTNER_STAFF, municipality, organisation=awo),
    }


def _auth(user):
    _token, raw = account_services.create_api_token(acting_user=None, user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _send(method, url, user, body):
    return getattr(Client(), method)(
        url, data=json.dumps(body), content_type="application/json", **_auth(user)
    )


def test_public_read_needs_no_token_and_hides_internal_fields(world):
    slug = world["municipality"].slug
    response = Client().get(f"/api/v1/public/{slug}/services?domain=residence&language=ar")
    assert response.status_code == 200
    [item] = response.json()["items"]
    assert item["name"] == "MBE"
    assert item["sites"][0]["district"] == "Hamborn"
    assert "internal_note" not in item
    assert "capacity" not in item
    single = Client().get(f"/api/v1/public/{slug}/services/{world['offer'].pk}")
    assert single.status_code == 200
    assert "internal_note" not in single.json()
    assert Client().get("/api/v1/public/nirgendwo/services").status_code == 404


def test_staff_read_shows_internal_fields(world):
    response = Client().get("/api/v1/services", **_auth(world["coordinator"]))
    [item] = response.json()["items"]
    assert (item["internal_note"], item["capacity"]) == ("nur intern", 30)


def test_partner_writes_for_their_own_organisation_only(world):
    body = {
        "organisation_id": str(world["awo"].pk),
        "name": "Familienberatung",
        "description": "Beratung",
        "life_domains": ["family"],
        "languages": ["de", "ro"],
        "site_ids": [str(world["site"].pk)],
    }
    created = _send("post", "/api/v1/services", world["partner"], body)
    assert created.status_code == 201, created.content
    assert created.json()["site_ids"] == [str(world["site"].pk)]
    foreign = _send(
        "post",
        "/api/v1/services",
        world["partner"],
        {**body, "organisation_id": str(world["caritas"].pk)},
    )
    assert foreign.status_code == 403
    patch = _send(
        "patch",
        f"/api/v1/services/{world['offer'].pk}",
        world["partner"],
        {"version": 1, "waiting_days": 3},
    )
    assert patch.status_code == 403


def test_bad_input_and_stale_versions_are_refused(world):
    url = f"/api/v1/services/{world['offer'].pk}"
    unknown = _send("patch", url, world["coordinator"], {"version": 1, "life_domains": ["magic"]})
    assert unknown.status_code == 422
    reversed_ages = _send(
        "patch", url, world["coordinator"], {"version": 1, "age_min": 30, "age_max": 10}
    )
    assert reversed_ages.status_code == 400
    assert "Höchstalter" in reversed_ages.json()["detail"]  # German by default
    ok = _send("patch", url, world["coordinator"], {"version": 1, "waiting_days": 9})
    assert ok.status_code == 200
    assert ok.json()["version"] == 2
    stale = _send("patch", url, world["coordinator"], {"version": 1, "waiting_days": 2})
    assert stale.status_code == 409


def test_landscape_as_json_for_coordinators(world):
    response = Client().get("/api/v1/landscape?district=Hamborn", **_auth(world["coordinator"]))
    assert response.status_code == 200
    assert response.json()["districts"] == ["Hamborn"]
    assert response.json()["gaps"] == []
    assert response.json()["overlaps"] == []
    partner = Client().get("/api/v1/landscape", **_auth(world["partner"]))
    assert partner.status_code == 403


def test_openapi_documents_the_directory():
    paths = api.get_openapi_schema(path_prefix="/api/v1/")["paths"]
    assert {"/api/v1/services", "/api/v1/public/{slug}/services", "/api/v1/landscape"} <= set(paths)
