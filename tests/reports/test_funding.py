"""The funding report against the hand-built municipality (see conftest)."""

import io
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from lotse.accounts import services as account_services
from lotse.audit.events import EventType
from lotse.audit.models import AuditEvent
from tests.reports.hand_built import Q3

pytestmark = pytest.mark.django_db


def _funding(user):
    _record, raw = account_services.create_api_token(acting_user=None, user=user, name="t")
    response = Client().get(
        "/api/v1/reports/funding",
        Q3,
        HTTP_AUTHORIZATION=f"Bearer {raw}",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200, response.content
    return response.json()


def test_funding_positions_by_kind_and_employer(town):
    positions = _funding(town["lead"])["figures"][0]["rows"]
    # Anna (city, 1.0) and Bernd (provider, 0.5) manage cases; lead and coordinator
    # coordinate (city, 1.0 each); the administrator works half time for the city.
    assert positions == [
        ["Case management", "City", 1, 1.0],
        ["Case management", "Provider", 1, 0.5],
        ["Coordination", "City", 2, 2.0],
        ["Coordination", "Provider", 0, 0.0],
        ["Administration", "City", 1, 0.5],
        ["Administration", "Provider", 0, 0.0],
        ["Total", "", 5, 4.0],
    ]


def test_funding_amounts_for_the_quarter(town):
    report = _funding(town["lead"])
    # 14 funded positions × 55,000 EUR = 770,000 a year; 92 of 365 days = 194,082.19.
    assert report["amount_per_year"] == 770000.0
    assert report["amount_for_period"] == 194082.19
    funded = {row[0]: row[1:] for row in report["figures"][1]["rows"]}
    assert funded["Case management"] == [11.0, 1.5, 55000.0, 605000.0, 152493.15]
    assert funded["Total"] == [14.0, 4.0, 55000.0, 770000.0, 194082.19]


def test_funding_cases_and_contacts_per_position(town):
    work = {row[0]: row[1:] for row in _funding(town["lead"])["figures"][2]["rows"]}
    # C1, C2 and C3 were worked in the quarter; three contacts; 1.5 staffed, 11 funded.
    assert work["Cases worked in the period"] == [3, 2.0, 0.3]
    assert work["Contacts in the period"] == [3, 2.0, 0.3]


def test_funding_settings_are_changed_by_the_centre_lead_and_audited(town, login):
    client = login(town["lead"])
    response = client.post(
        "/reports/funding/",
        {
            "funding_per_position": "60000",
            "funded_case_management": "12",
            "funded_coordination": "2.5",
            "funded_administration": "0.5",
        },
    )
    assert response.status_code == 302
    town["municipality"].refresh_from_db()
    assert town["municipality"].funding_per_position == Decimal("60000")
    event = AuditEvent.objects.get(event_type=EventType.FUNDING_SET)
    assert event.changes["funded_case_management"] == ["11.00", "12"]
    assert event.changes["funding_per_position"] == ["55000.00", "60000"]


def test_funding_settings_bad_input_keeps_the_old_values(town, login):
    client = login(town["lead"])
    response = client.post(
        "/reports/funding/",
        {
            "funding_per_position": "-5",
            "funded_case_management": "viele",
            "funded_coordination": "2.5",
            "funded_administration": "0.5",
        },
    )
    assert response.status_code == 400
    town["municipality"].refresh_from_db()
    assert town["municipality"].funding_per_position == Decimal("55000")
    assert not AuditEvent.objects.filter(event_type=EventType.FUNDING_SET).exists()


def test_funding_settings_refused_to_the_coordinator(town, login):
    client = login(town["coordinator"])
    response = client.post("/reports/funding/", {"funding_per_position": "1"})
    assert response.status_code == 403
    assert client.get("/reports/funding/", Q3).status_code == 200


def test_funding_print_and_xlsx(town, login):
    client = login(town["admin"])
    page = client.get("/reports/funding/print/", Q3)
    assert page.status_code == 200
    assert "194082,19" in page.content.decode()
    workbook = load_workbook(io.BytesIO(client.get("/reports/funding/all.xlsx", Q3).content))
    assert len(workbook.sheetnames) == 3
    last = [cell.value for cell in list(workbook.worksheets[1].iter_rows())[-1]]
    assert last[-1] == 194082.19
    kinds = AuditEvent.objects.filter(event_type=EventType.FUNDING_REPORT_EXPORTED)
    assert sorted(e.context["table"] for e in kinds) == ["all", "print"]


def test_funding_refused_to_case_managers(town, login):
    assert login(town["anna"]).get("/reports/funding/").status_code == 403
