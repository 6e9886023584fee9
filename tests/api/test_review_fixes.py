"""The API checks names and dates as the pages' forms do, and answers what docs/api.md
promises: 422 for malformed input, with the field named."""

import datetime as dt
import json

import pytest
from django.test import Client

from lotse.accounts import services as account_services
from lotse.accounts.enums import Role
from lotse.audit.events import EventType
from lotse.audit.models import AuditEvent
from lotse.people import services as people_services
from lotse.people.models import Person
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    manager = make_user(Role.CASE_MANAGER)
    person = people_services.create_person(
        acting_user=manager,
        municipality=manager.membership.municipality,
        given_name="Ion",
        family_name="Popescu",
    )
    _token, raw = account_services.create_api_token(acting_user=None, user=manager, name="t")
    return {"person": person, "headers": {"HTTP_AUTHORIZATION": f"Bearer {raw}"}}


def _send(method, url, desk, body, **extra):
    return getattr(Client(), method)(
        url, data=json.dumps(body), content_type="application/json", **desk["headers"], **extra
    )


def _fields(response):
    """The fields a 422 answer names (the last part of each error's ``loc``)."""
    return sorted(error["loc"][-1] for error in response.json()["errors"])


def test_api_person_patch_blank_name_is_422_and_stores_nothing(desk):
    person = desk["person"]
    response = _send(
        "patch", f"/api/v1/persons/{person.pk}", desk, {"version": 1, "family_name": "   "}
    )
    assert response.status_code == 422
    assert _fields(response) == ["family_name"]
    assert response.json()["detail"] == "Die Anfrage ist nicht gültig."
    person.refresh_from_db()
    assert (person.family_name, person.version) == ("Popescu", 1)


@pytest.mark.parametrize(
    ("names", "fields"),
    [
        ({"given_name": "!!!", "family_name": "???"}, ["family_name", "given_name"]),
        ({"given_name": "Ion", "family_name": "   "}, ["family_name"]),
        ({"given_name": "123", "family_name": "Popescu"}, ["given_name"]),
        ({"given_name": "Ion", "family_name": "P" * 151}, ["family_name"]),
    ],
    ids=["no letters", "blank", "digits only", "too long"],
)
def test_api_person_create_refuses_names_the_form_refuses(desk, names, fields):
    response = _send("post", "/api/v1/persons", desk, {**names, "confirm_new": True})
    assert response.status_code == 422
    assert _fields(response) == fields
    assert Person.objects.count() == 1


def test_api_person_name_error_is_in_the_users_language(desk):
    names = {"given_name": "!!!", "family_name": "Popescu", "confirm_new": True}
    german = _send("post", "/api/v1/persons", desk, names)
    english = _send("post", "/api/v1/persons", desk, names, HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["errors"][0]["msg"] == "A name needs at least one letter."
    assert german.json()["errors"][0]["msg"] == "Ein Name braucht mindestens einen Buchstaben."


def test_api_person_names_are_stripped_like_the_forms(desk):
    response = _send(
        "post",
        "/api/v1/persons",
        desk,
        {"given_name": "  Mara ", "family_name": " Ionescu", "confirm_new": True},
    )
    assert response.status_code == 201
    assert (response.json()["given_name"], response.json()["family_name"]) == ("Mara", "Ionescu")
    person = desk["person"]
    patched = _send(
        "patch", f"/api/v1/persons/{person.pk}", desk, {"version": 1, "given_name": "Ioan  "}
    )
    assert patched.status_code == 200
    assert patched.json()["given_name"] == "Ioan"


def test_api_names_in_other_scripts_are_accepted(desk):
    response = _send(
        "post",
        "/api/v1/persons",
        desk,
        {"given_name": "فاطمة", "family_name": "Іваненко", "confirm_new": True},
    )
    assert response.status_code == 201


EARLY = "The date of birth lies before 1900."
FUTURE = "The date of birth lies in the future."


@pytest.mark.parametrize(
    ("birth", "message"),
    [
        ({"birth_date": "1899-12-31"}, EARLY),
        ({"birth_date": "1899-01-01", "birth_date_precision": "year"}, EARLY),
        # Malformed input (422) on the field as well, not the service's 400.
        ({"birth_date": "2999-01-01"}, FUTURE),
    ],
    ids=["1899", "year 1899", "future"],
)
def test_api_person_create_and_update_refuse_a_date_of_birth_before_1900_or_to_come(
    desk, birth, message
):
    person = desk["person"]
    created = _send(
        "post",
        "/api/v1/persons",
        desk,
        {"given_name": "Ana", "family_name": "Ionescu", "confirm_new": True, **birth},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    patched = _send(
        "patch",
        f"/api/v1/persons/{person.pk}",
        desk,
        {"version": 1, **birth},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    for response in (created, patched):
        assert response.status_code == 422
        assert _fields(response) == ["birth_date"]
        assert response.json()["errors"][0]["msg"] == message
    person.refresh_from_db()
    assert (person.birth_date, person.version) == (None, 1)
    assert Person.objects.count() == 1


def test_api_person_create_and_update_take_a_date_of_birth_from_1900(desk):
    person = desk["person"]
    birth = {"birth_date": "1900-01-01", "birth_date_precision": "year"}
    created = _send(
        "post",
        "/api/v1/persons",
        desk,
        {"given_name": "Ana", "family_name": "Ionescu", "confirm_new": True, **birth},
    )
    assert created.status_code == 201
    patched = _send("patch", f"/api/v1/persons/{person.pk}", desk, {"version": 1, **birth})
    assert patched.status_code == 200
    assert patched.json()["birth_date"] == created.json()["birth_date"] == "1900-01-01"


@pytest.mark.parametrize("birth_date", ["1985-02-30", "31.02.1985", "neunzehnhundert", "   "])
def test_api_person_search_malformed_birth_date_is_422(desk, birth_date):
    response = _send(
        "post", "/api/v1/persons/search", desk, {"text": "Popescu", "birth_date": birth_date}
    )
    assert response.status_code == 422
    assert _fields(response) == ["birth_date"]


def test_api_person_search_good_birth_date_narrows_to_the_year_and_the_undated(desk):
    ion = desk["person"]
    born, _other_year = (
        people_services.create_person(
            acting_user=None,
            municipality=ion.municipality,
            given_name=given,
            family_name="Popescu",
            birth_date=birth,
        )
        for given, birth in (("Maria", dt.date(1985, 4, 2)), ("Elena", dt.date(1990, 4, 2)))
    )
    response = _send(
        "post", "/api/v1/persons/search", desk, {"text": "Popescu", "birth_date": "1985"}
    )
    assert response.status_code == 200
    # Maria, born 1985, then Ion, who has no date of birth; not Elena, born in 1990.
    assert [hit["person"]["id"] for hit in response.json()] == [str(born.pk), str(ion.pk)]
    assert response.json()[1]["reason"] == "gleicher Name, kein Geburtsdatum erfasst"


def test_api_person_read_is_audited_and_patch_is_audited_as_a_change(desk):
    person = desk["person"]
    assert Client().get(f"/api/v1/persons/{person.pk}", **desk["headers"]).status_code == 200
    assert AuditEvent.objects.filter(event_type=EventType.PERSON_VIEWED).count() == 1
    patched = _send("patch", f"/api/v1/persons/{person.pk}", desk, {"version": 1, "phone": "1"})
    assert patched.status_code == 200
    assert AuditEvent.objects.filter(event_type=EventType.PERSON_UPDATED).count() == 1


def test_api_person_search_of_spaces_alone_is_422(desk):
    """The search form refuses a name of spaces; the API answered 200 with nothing found."""
    response = _send("post", "/api/v1/persons/search", desk, {"text": "   "})
    assert response.status_code == 422
    assert _fields(response) == ["text"]


@pytest.mark.parametrize("birth_date", ["1950", 1950, "07.03.1990", "1990-03-07T00:00:00"])
def test_api_date_not_written_as_a_day_is_422_not_a_time_since_1970(desk, birth_date):
    """pydantic reads a number, also "1950", as seconds since 1970: the person would have
    been stored as born on 01.01.1970."""
    body = {"given_name": "Ana", "family_name": "Pop", "birth_date": birth_date}
    response = _send("post", "/api/v1/persons", desk, {**body, "confirm_new": True})
    assert response.status_code == 422
    assert _fields(response) == ["birth_date"]
    assert response.json()["errors"][0]["msg"] == (
        "Ein Datum im Format JJJJ-MM-TT wird benötigt, z. B. 1990-03-07."
    )
    assert Person.objects.count() == 1


def test_api_input_errors_speak_the_users_language(desk):
    body = {"text": "Popescu", "limit": 500}
    german = _send("post", "/api/v1/persons/search", desk, body)
    english = _send("post", "/api/v1/persons/search", desk, body, HTTP_ACCEPT_LANGUAGE="en")
    assert german.status_code == english.status_code == 422
    assert german.json()["errors"][0]["msg"] == "Höchstens 200 ist erlaubt."
    assert english.json()["errors"][0]["msg"] == "At most 200 is allowed."
    missing = _send("post", "/api/v1/persons/search", desk, {"limit": 5})
    assert missing.json()["errors"][0]["msg"] == "Dieses Feld ist zwingend erforderlich."
    body = {"given_name": "Ana", "family_name": "Pop", "gender": "x", "confirm_new": True}
    [unknown] = _send("post", "/api/v1/persons", desk, body).json()["errors"]
    assert unknown["msg"].startswith("Einer dieser Werte wird benötigt: 'female', 'male', ")
    assert " or " not in unknown["msg"]
    assert " or " not in unknown["ctx"]["expected"]


def test_api_person_detail_names_the_ids_in_other_systems(desk):
    person = desk["person"]
    person.sources.create(municipality=person.municipality, source="jobcenter", external_id="J-1")
    response = Client().get(f"/api/v1/persons/{person.pk}", **desk["headers"])
    assert response.json()["sources"] == ["jobcenter:J-1"]
