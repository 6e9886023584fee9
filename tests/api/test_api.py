import json

import pytest
from django.core.management import call_command
from django.test import Client

from lotse.accounts import services as account_services
from lotse.accounts.enums import Role
from lotse.accounts.models import ApiToken, hash_token
from lotse.api.api import api
from tests.factories import OrganisationFactory, SiteFactory, make_user

pytestmark = pytest.mark.django_db


def _token(user):
    _record, raw = account_services.create_api_token(acting_user=None, user=user, name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_openapi_document_describes_the_api():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Lotse API"
    assert "/api/v1/sites" in schema["paths"]
    assert schema["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"


def _resolved(schema, ref):
    return schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/v1/persons"),
        ("patch", "/api/v1/persons/{person_id}"),
        ("post", "/api/v1/persons/search"),
        ("get", "/api/v1/sites"),
        ("get", "/api/v1/sites/{site_id}"),
        ("get", "/api/v1/public/{slug}/services"),
    ],
)
def test_openapi_declares_the_422_answer_of_operations_that_take_input(method, path):
    schema = Client().get("/api/v1/openapi.json").json()
    answer = schema["paths"][path][method]["responses"]["422"]
    invalid = _resolved(schema, answer["content"]["application/json"]["schema"]["$ref"])
    assert set(invalid["properties"]) == set(invalid["required"]) == {"detail", "errors"}
    error = _resolved(schema, invalid["properties"]["errors"]["items"]["$ref"])
    assert set(error["properties"]) == {"type", "loc", "msg", "ctx"}
    assert set(error["required"]) == {"type", "loc", "msg"}


def test_openapi_declares_no_422_where_nothing_is_taken():
    schema = Client().get("/api/v1/openapi.json").json()
    assert "422" not in schema["paths"]["/api/v1/me"]["get"]["responses"]


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("post", "/api/v1/persons/search", {"text": "Popescu", "limit": 0}),
        ("post", "/api/v1/persons", {"given_name": "!!!"}),
        ("get", "/api/v1/sites?limit=many", None),
    ],
    ids=["limit", "name", "query"],
)
def test_a_real_422_answer_has_the_declared_shape(method, url, body):
    schema = Client().get("/api/v1/openapi.json").json()
    invalid = schema["components"]["schemas"]["InvalidOut"]
    error = schema["components"]["schemas"]["InputErrorOut"]
    extra = {"data": json.dumps(body), "content_type": "application/json"} if body else {}
    response = getattr(Client(), method)(url, **extra, **_token(make_user(Role.CASE_MANAGER)))
    assert response.status_code == 422
    answer = response.json()
    assert set(invalid["required"]) <= set(answer) <= set(invalid["properties"])
    for refused in answer["errors"]:
        assert set(error["required"]) <= set(refused) <= set(error["properties"])
    if body == {"text": "Popescu", "limit": 0}:
        assert answer["errors"][0]["ctx"] == {"ge": 1}  # as docs/api.md shows


def test_token_command_prints_a_token_that_is_stored_only_hashed(capsys):
    user = make_user(Role.COORDINATOR, username="koordination")
    call_command("create-api-token", "koordination")
    raw = capsys.readouterr().out.strip()
    assert raw.startswith("lotse_")
    stored = ApiToken.objects.get(user=user)
    assert stored.token_hash == hash_token(raw)
    assert raw not in {stored.token_hash, stored.hint, stored.name}
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json()["username"] == "koordination"
    assert response.json()["role"] == "coordinator"


def test_token_command_for_unknown_user_fails_clearly():
    with pytest.raises(Exception, match="No user named 'niemand'"):
        call_command("create-api-token", "niemand")


@pytest.mark.parametrize(
    "header",
    [
        "Bearer",
        "Bearer ",
        "Bearer lotse_not-a-real-token",
        "Bearer x" * 100,
        "Basic dXNlcjpwYXNz",
        "lotse_abc",
        "Bearer \u00e4\u00f6\u00fc",
    ],
)
def test_malformed_or_unknown_token_gets_a_clear_401(header):
    response = Client().get("/api/v1/sites", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert "Bearer" in response["WWW-Authenticate"]
    assert "API-Token ist erforderlich" in response.json()["detail"]


def test_401_in_english_on_request():
    response = Client().get("/api/v1/sites", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert response.json()["detail"].startswith("A valid API token is required")


def test_revoked_token_stops_working_at_once():
    user = make_user(Role.CASE_MANAGER)
    record, raw = account_services.create_api_token(acting_user=None, user=user, name="t")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert Client().get("/api/v1/me", **headers).status_code == 200
    account_services.revoke_api_token(acting_user=user, token=record)
    assert Client().get("/api/v1/me", **headers).status_code == 401


def test_token_of_deactivated_user_is_refused():
    user = make_user(Role.CASE_MANAGER)
    headers = _token(user)
    user.is_active = False
    user.save()
    assert Client().get("/api/v1/me", **headers).status_code == 401


def test_sites_are_scoped_to_the_users_municipality():
    user = make_user(Role.CASE_MANAGER)
    own = SiteFactory(organisation__municipality=user.membership.municipality)
    foreign = SiteFactory()
    response = Client().get("/api/v1/sites", **_token(user))
    ids = [item["id"] for item in response.json()["items"]]
    assert ids == [str(own.pk)]
    assert Client().get(f"/api/v1/sites/{foreign.pk}", **_token(user)).status_code == 404
    missing = Client().get("/api/v1/sites/00000000-0000-0000-0000-000000000000", **_token(user))
    assert missing.status_code == 404
    assert missing.json() == Client().get(f"/api/v1/sites/{foreign.pk}", **_token(user)).json()


def test_malformed_id_gets_a_clear_422():
    user = make_user(Role.CASE_MANAGER)
    response = Client().get("/api/v1/sites/not-a-uuid", **_token(user))
    assert response.status_code == 422
    assert response.json()["detail"] == "Die Anfrage ist nicht gültig."


@pytest.mark.parametrize("rows", [1, 3])
def test_site_list_query_count_does_not_grow(django_assert_num_queries, rows):
    user = make_user(Role.CASE_MANAGER)
    for _ in range(rows):
        SiteFactory(organisation__municipality=user.membership.municipality)
    headers = _token(user)
    # token lookup, token use stamp, count, page, hours prefetch
    with django_assert_num_queries(5):
        response = Client().get("/api/v1/sites", **headers)
    assert response.json()["count"] == rows


@pytest.mark.parametrize("rows", [1, 3])
def test_organisation_list_query_count_does_not_grow(django_assert_num_queries, rows):
    user = make_user(Role.CASE_MANAGER)
    for _ in range(rows - 1):
        OrganisationFactory(municipality=user.membership.municipality)
    headers = _token(user)
    with django_assert_num_queries(4):
        response = Client().get("/api/v1/organisations", **headers)
    assert response.json()["count"] == rows


def test_every_operation_requires_the_token_scheme():
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            # Only the public directory is read without a token.
            expected = None if path.startswith("/api/v1/public/") else [{"BearerToken": []}]
            assert operation.get("security") == expected, f"{method} {path}"


def test_409_is_declared_where_an_operation_may_answer_it():
    """Only a write that takes the `version` read (a stale one answers 409), the new person
    the warning stops and the merge of a pair changed meanwhile declare 409; reads and
    other writes do not (every operation declared it)."""
    schema = Client().get("/api/v1/openapi.json").json()
    others = {
        ("post", "/api/v1/persons"),
        ("post", "/api/v1/duplicates/{pair_id}/merge"),
    }
    declared, versioned = set(), set()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            body = operation.get("requestBody", {}).get("content", {})
            ref = body.get("application/json", {}).get("schema", {}).get("$ref", "")
            if ref and "version" in _resolved(schema, ref).get("required", []):
                versioned.add((method, path))
            if "409" in operation["responses"]:
                declared.add((method, path))
    assert len(versioned) == 10
    assert declared == versioned | others
    assert ("get", "/api/v1/sites") not in declared


def _declared(schema, path, method, status):
    answer = schema["paths"][path][method]["responses"][status]
    return _resolved(schema, answer["content"]["application/json"]["schema"]["$ref"])


def _fits(answer, declared):
    """Every field the answer has is declared, and every required one is there."""
    return set(declared["required"]) <= set(answer) <= set(declared["properties"])


def test_the_400_and_409_answers_have_the_declared_shapes():
    """A refused request sends its reasons by field, a stale one the fields changed
    meanwhile, a write that may register a person twice the persons it may be: each as
    the OpenAPI document declares it (they were declared with `detail` alone)."""
    schema = Client().get("/api/v1/openapi.json").json()
    headers = _token(make_user(Role.CASE_MANAGER))
    client = Client()

    def send(method, url, body):
        data = json.dumps(body)
        return getattr(client, method)(url, data, content_type="application/json", **headers)

    ana = {"given_name": "Ana", "family_name": "Popescu", "birth_date": "1990-03-04"}
    created = send("post", "/api/v1/persons", ana)
    assert created.status_code == 201
    person = created.json()
    ion = {"given_name": "Ion", "family_name": "Ionescu", "birth_date": "1985-01-02"}
    refused = send("post", "/api/v1/persons", {**ion, "arrival_date": "1980-01-01"})
    assert refused.status_code == 400
    assert refused.json()["errors"]["arrival_date"]
    assert _fits(refused.json(), _declared(schema, "/api/v1/persons", "post", "400"))
    twice = send("post", "/api/v1/persons", ana)
    assert twice.status_code == 409
    assert twice.json()["possible_duplicates"][0]["person"]["id"] == person["id"]
    assert _fits(twice.json(), _declared(schema, "/api/v1/persons", "post", "409"))
    url, path = f"/api/v1/persons/{person['id']}", "/api/v1/persons/{person_id}"
    assert send("patch", url, {"version": person["version"], "phone": "1"}).status_code == 200
    stale = send("patch", url, {"version": person["version"], "phone": "2"})
    assert stale.status_code == 409
    assert stale.json()["fields"] == ["phone"]
    assert _fits(stale.json(), _declared(schema, path, "patch", "409"))
