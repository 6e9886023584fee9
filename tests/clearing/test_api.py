"""The clearing API: the same services as the pages, scoped and audited."""

import datetime as dt
import json

import pytest
from django.test import Client

from lotse.accounts import services as account_services
from lotse.accounts.enums import Role
from lotse.audit.events import EventType
from lotse.audit.models import AuditEvent
from lotse.clearing.models import ClearingCase
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _headers(user):
    _token, raw = account_services.create_api_token(acting_user=None, user=user, name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _send(method, url, user, body=None):
    extra = {"data": json.dumps(body), "content_type": "application/json"} if body else {}
    return getattr(Client(), method)(url, **extra, **_headers(user))


def test_api_open_step_close_and_read(counsellor, make_person):
    person = make_person("RO")
    created = _send(
        "post",
        "/api/v1/clearing-cases",
        counsellor,
        {"person_id": str(person.pk), "status_at_start": "unclear", "opened_on": "2026-02-01"},
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["status_at_start"], body["counsellor"]) == ("unclear", counsellor.username)
    url = f"/api/v1/clearing-cases/{body['id']}"
    step = _send(
        "post", f"{url}/steps", counsellor, {"kind": "home_country", "taken_on": "2026-02-03"}
    )
    assert step.status_code == 201
    assert step.json()["result"] == "pending"
    closed = _send(
        "post",
        f"{url}/close",
        counsellor,
        {"version": body["version"], "status_at_end": "insured_abroad", "closed_on": "2026-02-10"},
    )
    assert closed.status_code == 200, closed.content
    assert (closed.json()["duration_days"], len(closed.json()["steps"])) == (9, 1)
    read = _send("get", url, counsellor)
    assert read.json()["status_at_end"] == "insured_abroad"
    assert AuditEvent.objects.filter(event_type=EventType.CLEARING_CASE_VIEWED).count() == 1
    # The person's insurance history follows the end of the clearing.
    record = person.insurance_history.get(valid_until__isnull=True)
    assert (record.status, record.valid_from) == ("abroad", dt.date(2026, 2, 10))


def test_api_patch_changes_and_audits(counsellor, make_clearing):
    clearing = make_clearing(start="unclear")
    response = _send(
        "patch",
        f"/api/v1/clearing-cases/{clearing.pk}",
        counsellor,
        {"version": clearing.version, "status_at_start": "not_insured"},
    )
    assert response.status_code == 200
    assert response.json()["status_at_start"] == "not_insured"
    event = AuditEvent.objects.get(event_type=EventType.CLEARING_CASE_UPDATED)
    assert event.changes == {"status_at_start": ["unclear", "not_insured"]}
    stale = _send(
        "patch",
        f"/api/v1/clearing-cases/{clearing.pk}",
        counsellor,
        {"version": clearing.version, "status_at_start": "unclear"},
    )
    assert stale.status_code == 409


def test_api_bad_input_is_refused_and_saves_nothing(counsellor, make_person, make_clearing):
    person = make_person()
    unknown = _send(
        "post",
        "/api/v1/clearing-cases",
        counsellor,
        {"person_id": str(person.pk), "status_at_start": "maybe"},
    )
    assert unknown.status_code == 422
    future = _send(
        "post",
        "/api/v1/clearing-cases",
        counsellor,
        {"person_id": str(person.pk), "status_at_start": "unclear", "opened_on": "2999-01-01"},
    )
    assert future.status_code == 400
    assert "opened_on" in future.json()["errors"]
    assert not ClearingCase.objects.exists()


def test_api_other_municipality_gets_404_and_partner_403(counsellor, make_clearing, municipality):
    clearing = make_clearing()
    stranger = make_user(Role.CLEARING_COUNSELLOR)
    assert _send("get", f"/api/v1/clearing-cases/{clearing.pk}", stranger).status_code == 404
    assert _send("get", "/api/v1/clearing-cases", stranger).json()["count"] == 0
    partner = make_user(Role.PARTNER_STAFF, municipality)
    assert _send("get", f"/api/v1/clearing-cases/{clearing.pk}", partner).status_code == 403


@pytest.mark.parametrize("rows", [1, 3])
def test_api_clearing_list_query_count_does_not_grow(
    counsellor, make_clearing, django_assert_num_queries, rows
):
    for _ in range(rows):
        make_clearing()
    headers = _headers(counsellor)
    # token, token stamp, count, page with joins; the audit entry of the persons shown:
    # savepoint, insert, release
    with django_assert_num_queries(7):
        response = Client().get("/api/v1/clearing-cases?state=open", **headers)
    assert response.json()["count"] == rows


def test_api_statistics_for_the_centre_lead(make_clearing, municipality):
    make_clearing("RO", start="not_insured", opened_on=dt.date(2026, 2, 1))
    make_clearing("BG", start="insured_abroad", opened_on=dt.date(2026, 3, 1))
    lead = make_user(Role.CENTRE_LEAD, municipality)
    response = _send(
        "get", "/api/v1/clearing-statistics?date_from=2026-01-01&date_to=2026-04-30", lead
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["persons"], body["without_status"], body["without_status_percent"]) == (
        2,
        1,
        50.0,
    )
    names = [table["name"] for table in body["tables"]]
    assert names == ["summary", "nationality", "start_by_nationality", "start", "end", "steps"]
    assert _send("get", "/api/v1/clearing-cases", lead).status_code == 403
