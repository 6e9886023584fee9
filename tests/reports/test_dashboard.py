"""Every figure of the dashboard against the hand-built municipality (see conftest)."""

import datetime as dt
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from lotse.accounts import services as account_services
from lotse.accounts.enums import Role
from lotse.audit.events import EventType
from lotse.audit.models import AuditEvent
from lotse.cases.models import Case, Contact
from lotse.people.models import Person
from tests.factories import SiteFactory, make_user
from tests.reports.hand_built import Q3

pytestmark = pytest.mark.django_db


def _api(user):
    _record, raw = account_services.create_api_token(acting_user=None, user=user, name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}", "HTTP_ACCEPT_LANGUAGE": "en"}


def _figures(user, **params):
    response = Client().get("/api/v1/reports/dashboard", {**Q3, **params}, **_api(user))
    assert response.status_code == 200, response.content
    return {f["name"]: f for f in response.json()["figures"]}


def _rows(figure):
    return {row[0]: row[1:] for row in figure["rows"]}


def test_dashboard_cases_new_closed_and_open_per_site(town):
    cases = _rows(_figures(town["lead"])["cases"])
    # new, closed, open at the end
    assert cases == {"Hamborn": [0, 0, 1], "Hochfeld": [1, 1, 1], "Total": [1, 1, 2]}


def test_dashboard_caseload_per_position_against_the_benchmark(town):
    rows = _rows(_figures(town["lead"])["caseload"])
    # Benchmark 150 a year is 37.8 for 92 days; Anna 2 cases on 1.0, Bernd 1 case on 0.5.
    assert rows["Anna Arendt"] == ["Hochfeld", 1.0, 2, 1, 2.0, 5.3]
    assert rows["bernd"] == ["Hamborn", 0.5, 1, 1, 2.0, 5.3]


def test_dashboard_waiting_times(town):
    rows = _rows(_figures(town["lead"])["waiting"])
    assert rows["Waiting at the open office hours (minutes)"] == [2, 40.0, 40.0, 50.0]
    assert rows["First walk-in to first counselling contact (days)"] == [1, 7.0, 7.0, 7.0]
    assert rows["Case opened to first contact (days)"] == [1, 5.0, 5.0, 5.0]
    assert rows["Referral sent to answer (days)"] == [1, 3.0, 3.0, 3.0]


def test_dashboard_duration_of_closed_cases(town):
    figure = _figures(town["lead"])["duration"]
    assert _rows(figure) == {
        "up to 3 months": [0],
        "3 to 6 months": [1],
        "6 to 12 months": [0],
        "more than 12 months": [0],
        "Total": [1],
    }
    assert "Median 181 days" in figure["note"]


def test_dashboard_contacts_and_interpreter_use(town):
    # A neighbouring municipality's contact on the same day does not count.
    neighbour = make_user(Role.CASE_MANAGER)
    elsewhere = neighbour.membership.municipality
    person = Person.objects.create(municipality=elsewhere, given_name="N", family_name="N")
    case = Case.objects.create(
        municipality=elsewhere,
        reference="N-1",
        site=SiteFactory(organisation__municipality=elsewhere),
        owner=neighbour,
        opened_on=dt.date(2026, 7, 1),
        person=person,
    )
    Contact.objects.create(
        case=case, contact_on=dt.date(2026, 8, 1), duration_minutes=30, form="in_person"
    )
    figure = _figures(town["lead"])["contacts"]
    assert _rows(figure) == {
        "In person": [1, 1, 100.0],
        "Phone": [1, 0, 0.0],
        "Home visit": [1, 1, 100.0],
        "Total": [3, 2, 66.7],
    }
    # Three contacts, three cases in the quarter (C1, C2, C3).
    assert figure["note"].startswith("1.0 contacts per case of the period (3 cases)")


def test_dashboard_referrals_by_organisation_and_outcome(town):
    rows = _rows(_figures(town["lead"])["referrals"])
    # no answer yet, accepted, completed, declined, did not come, cancelled, total
    assert rows == {"Jobcenter": [1, 1, 0, 0, 0, 0, 2], "Total": [1, 1, 0, 0, 0, 0, 2]}


def test_dashboard_goals_by_life_domain_and_status(town):
    rows = _rows(_figures(town["lead"])["goals"])
    # open, reached, partly reached, not reached, dropped, total (C5's goal is outside)
    assert rows == {
        "Language": [1, 1, 0, 0, 0, 2],
        "Training, work, recognition": [0, 1, 0, 0, 0, 1],
    }


def test_dashboard_need_change_first_to_latest_assessment(town):
    rows = _rows(_figures(town["lead"])["need_change"])
    # smaller, unchanged, greater, cases, % smaller of those with a need at first
    assert rows == {
        "Language": [1, 0, 0, 1, 100.0],
        "Training, work, recognition": [0, 1, 0, 1, 0.0],
        "Health and health insurance": [1, 0, 0, 1, 100.0],
    }


def test_dashboard_persons_by_origin_language_life_stage_and_residence(town):
    figures = _figures(town["lead"])
    assert _rows(figures["origin"]) == {
        "Romania": [3, 75.0],
        "Bulgaria": [1, 25.0],
        "Total": [4, 100.0],
    }
    assert _rows(figures["languages"]) == {
        "Romanian": [2, 50.0],
        "Bulgarian": [1, 25.0],
        "not recorded": [1, 25.0],
        "Total": [4, 100.0],
    }
    assert _rows(figures["life_stages"]) == {
        "School age": [1, 25.0],
        "Working age": [1, 25.0],
        "Senior": [1, 25.0],
        "Unknown": [1, 25.0],
        "Total": [4, 100.0],
    }
    assert _rows(figures["residence"]) == {
        "EU free movement (FreizügG/EU)": [1, 25.0],
        "not recorded": [3, 75.0],
        "Total": [4, 100.0],
    }


def test_dashboard_structural_issues_and_cases_affected(town):
    rows = _rows(_figures(town["lead"])["structural_issues"])
    assert rows == {"Keine Kita-Plätze": [1], "Wartezeit Ausländeramt": [1]}


def test_dashboard_filters_by_site_case_manager_and_organisation(town):
    lead = town["lead"]
    by_site = _rows(_figures(lead, site=str(town["hamborn"].pk))["cases"])
    assert by_site["Total"] == [0, 0, 1]
    by_owner = _rows(_figures(lead, owner=str(town["anna"].pk))["cases"])
    assert by_owner["Total"] == [1, 1, 1]
    by_employer = _rows(_figures(lead, organisation=str(town["provider"].pk))["contacts"])
    assert by_employer["Total"] == [1, 1, 100.0]


def test_dashboard_case_manager_sees_only_own_figures(town):
    # Bernd asks for Anna's figures and still gets his own.
    figures = _figures(town["bernd"], owner=str(town["anna"].pk))
    assert _rows(figures["cases"])["Total"] == [0, 0, 1]
    assert list(_rows(figures["caseload"])) == ["bernd"]
    assert _rows(figures["origin"])["Total"] == [2, 100.0]


def test_dashboard_refused_to_partner_staff_and_state_reviewer(town):
    partner = make_user(Role.PARTNER_STAFF, town["municipality"])
    assert Client().get("/api/v1/reports/dashboard", **_api(partner)).status_code == 403
    reviewer = make_user(Role.STATE_REVIEWER)
    assert Client().get("/api/v1/reports/dashboard", **_api(reviewer)).status_code == 403


def test_dashboard_api_refuses_a_reversed_period(town):
    response = Client().get(
        "/api/v1/reports/dashboard",
        {"start": "2026-09-30", "end": "2026-07-01"},
        **_api(town["lead"]),
    )
    assert response.status_code == 400
    assert "before the start" in response.json()["detail"]


def test_dashboard_page_shows_charts_and_tables_and_is_audited(town, login):
    client = login(town["lead"])
    response = client.get("/reports/dashboard/", Q3)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<svg") >= 5
    assert html.count("<table") == 13
    assert "Hochfeld" in html
    event = AuditEvent.objects.filter(event_type=EventType.DASHBOARD_VIEWED).get()
    assert event.actor == town["lead"]
    assert event.context["filters"] == Q3


def test_dashboard_page_bad_period_gives_a_clear_error(town, login):
    client = login(town["lead"])
    response = client.get("/reports/dashboard/", {"start": "2026-09-30", "end": "2026-07-01"})
    assert response.status_code == 400
    assert "Das Ende liegt vor dem Beginn." in response.content.decode() or (
        "The end lies before the start." in response.content.decode()
    )
    response = client.get("/reports/dashboard/", {"start": "31.02.2026"})
    assert response.status_code == 400


def test_dashboard_downloads_xlsx_and_csv(town, login):
    client = login(town["lead"])
    response = client.get("/reports/dashboard/contacts.xlsx", Q3)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[-1][1:] == [3, 2, 66.7]
    response = client.get("/reports/dashboard/cases.csv", Q3)
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[-1].endswith(";1;1;2")
    workbook = load_workbook(io.BytesIO(client.get("/reports/dashboard/all.xlsx", Q3).content))
    assert len(workbook.sheetnames) == 13
    assert client.get("/reports/dashboard/all.csv", Q3).status_code == 404
    assert client.get("/reports/dashboard/nothing.xlsx", Q3).status_code == 404
    exported = AuditEvent.objects.filter(event_type=EventType.DASHBOARD_EXPORTED)
    assert sorted(e.context["table"] for e in exported) == ["all", "cases", "contacts"]


def test_dashboard_queries_do_not_grow_with_the_data(town, login, django_assert_max_num_queries):
    client = login(town["lead"])
    with django_assert_max_num_queries(45):
        assert client.get("/reports/dashboard/", Q3).status_code == 200
