"""The clearing pages: lists, opening, steps, closing, statistics, scoping."""

import datetime as dt

import pytest

from lotse.accounts.enums import Role
from lotse.audit.events import EventType
from lotse.audit.models import AuditEvent
from lotse.clearing import services
from lotse.clearing.models import ClearingCase, ClearingStep
from lotse.people import services as people_services
from tests.factories import make_user

pytestmark = pytest.mark.django_db

REQUIRED = "Dieses Feld ist zwingend erforderlich."


@pytest.mark.parametrize("rows", [1, 3])
def test_clearing_list_query_count_does_not_grow(
    counsellor, make_clearing, login, django_assert_num_queries, rows
):
    for _ in range(rows):
        make_clearing()
    client = login(counsellor)
    # session, user; open/closed counts; page (with joins); the audit entry of the persons
    # shown (three statements); unread notifications; session save in a savepoint (three)
    with django_assert_num_queries(11):
        response = client.get("/clearing/")
    assert len(response.context["page"].object_list) == rows


@pytest.mark.parametrize("rows", [1, 3])
def test_clearing_home_query_count_does_not_grow(
    counsellor, make_clearing, login, django_assert_num_queries, rows
):
    for _ in range(rows):
        make_clearing()
    client = login(counsellor)
    # session, user; open cases (with persons), the audit entry of the persons shown (three
    # statements), their count; unread notifications; session save in a savepoint (three)
    with django_assert_num_queries(11):
        response = client.get("/home/")
    assert len(response.context["clearing_open"]) == rows
    assert response.context["clearing_open_count"] == rows


@pytest.mark.parametrize("rows", [1, 3])
def test_clearing_statistics_query_count_does_not_grow(
    counsellor, make_clearing, login, django_assert_num_queries, rows
):
    for index in range(rows):
        clearing = make_clearing(("RO", "BG", "PL")[index], opened_on=dt.date(2026, 2, 1))
        services.record_clearing_step(
            acting_user=counsellor,
            clearing_case=clearing,
            kind="family",
            taken_on=dt.date(2026, 2, 2),
        )
    client = login(counsellor)
    # session, user; summary, two GROUP BYs of nationality, start and end statuses, steps,
    # durations (7); audit entry in a savepoint (3); unread notifications; session save (3)
    with django_assert_num_queries(16):
        response = client.get("/clearing/statistics/?date_from=01.01.2026&date_to=30.04.2026")
    assert response.context["stats"].persons == rows


def test_clearing_list_filters_open_and_closed(counsellor, make_clearing, login):
    make_clearing()
    closed = make_clearing()
    closed.closed_on, closed.status_at_end = dt.date(2026, 3, 1), "insured_germany"
    closed.save()
    client = login(counsellor)
    assert client.get("/clearing/").context["page"].paginator.count == 1
    assert client.get("/clearing/?state=closed").context["page"].paginator.count == 1
    assert client.get("/clearing/?state=all").context["page"].paginator.count == 2


def test_clearing_list_mine_and_all(counsellor, make_clearing, login, municipality):
    colleague = make_user(Role.CLEARING_COUNSELLOR, municipality)
    make_clearing()
    make_clearing(user=colleague)
    client = login(counsellor)
    assert client.get("/clearing/").context["page"].paginator.count == 1
    assert client.get("/clearing/?scope=all").context["page"].paginator.count == 2


def test_clearing_open_page_opens_a_case(counsellor, make_person, login):
    person = make_person()
    client = login(counsellor)
    url = f"/clearing/new/?person={person.pk}"
    assert client.get(url).status_code == 200
    response = client.post(
        "/clearing/new/",
        {"person": person.pk, "status_at_start": "not_insured", "opened_on": "02.03.2026"},
    )
    clearing = ClearingCase.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/clearing/{clearing.pk}/"
    assert (clearing.counsellor, clearing.opened_on) == (counsellor, dt.date(2026, 3, 2))
    assert AuditEvent.objects.filter(event_type=EventType.CLEARING_CASE_OPENED).count() == 1


def test_clearing_open_bad_input_gives_german_errors_and_saves_nothing(
    counsellor, make_person, login
):
    person = make_person()
    client = login(counsellor)
    response = client.post(
        "/clearing/new/", {"person": person.pk, "status_at_start": "", "opened_on": "31.02.2026"}
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["status_at_start"] == [REQUIRED]
    assert form.errors["opened_on"] == ["Bitte ein gültiges Datum eingeben."]
    content = response.content.decode()
    assert 'id="open_status_at_start_error"' in content
    assert "Das Formular enthält Fehler" in content or "form" in content
    assert not ClearingCase.objects.exists()


def test_clearing_open_for_another_municipalitys_person_is_404(counsellor, login):
    stranger = make_user(Role.CASE_MANAGER)
    person = people_services.create_person(
        acting_user=stranger,
        municipality=stranger.membership.municipality,
        given_name="Ion",
        family_name="Radu",
    )
    assert login(counsellor).get(f"/clearing/new/?person={person.pk}").status_code == 404


def test_clearing_detail_is_audited(counsellor, make_clearing, login):
    clearing = make_clearing()
    response = login(counsellor).get(f"/clearing/{clearing.pk}/")
    assert response.status_code == 200
    viewed = AuditEvent.objects.get(event_type=EventType.CLEARING_CASE_VIEWED)
    assert viewed.target_id == str(clearing.pk)


def test_clearing_detail_of_another_municipality_is_404_like_a_missing_one(make_clearing, login):
    clearing = make_clearing()
    other = make_user(Role.CLEARING_COUNSELLOR)
    client = login(other)
    assert client.get(f"/clearing/{clearing.pk}/").status_code == 404
    assert client.get("/clearing/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.post(f"/clearing/{clearing.pk}/steps/", {}).status_code == 404


def test_clearing_detail_for_partner_staff_is_403(make_clearing, login, municipality):
    clearing = make_clearing()
    partner = make_user(Role.PARTNER_STAFF, municipality)
    assert login(partner).get(f"/clearing/{clearing.pk}/").status_code == 403
    assert login(partner).get("/clearing/").status_code == 403


def test_clearing_step_and_close_through_the_page(counsellor, make_clearing, login):
    clearing = make_clearing()
    client = login(counsellor)
    response = client.post(
        f"/clearing/{clearing.pk}/steps/",
        {"kind": "family", "taken_on": "03.02.2026", "result": "succeeded", "note": "AOK"},
    )
    assert response.status_code == 302
    assert ClearingStep.objects.get().kind == "family"
    response = client.post(
        f"/clearing/{clearing.pk}/close/",
        {
            "version": clearing.version,
            "status_at_end": "insured_germany",
            "closed_on": "04.02.2026",
        },
    )
    assert response.status_code == 302
    clearing.refresh_from_db()
    assert (clearing.closed_on, clearing.status_at_end) == (dt.date(2026, 2, 4), "insured_germany")


def test_clearing_step_bad_input_gives_german_error_and_saves_nothing(
    counsellor, make_clearing, login
):
    clearing = make_clearing()
    response = login(counsellor).post(
        f"/clearing/{clearing.pk}/steps/", {"kind": "", "taken_on": "03.02.2026"}
    )
    assert response.status_code == 400
    assert response.context["step_form"].errors["kind"] == [REQUIRED]
    assert 'aria-describedby="step_kind_error' in response.content.decode() or (
        'id="step_kind_error"' in response.content.decode()
    )
    assert not ClearingStep.objects.exists()


def test_clearing_step_before_opening_is_refused_at_the_field(counsellor, make_clearing, login):
    clearing = make_clearing(opened_on=dt.date(2026, 2, 1))
    response = login(counsellor).post(
        f"/clearing/{clearing.pk}/steps/",
        {"kind": "family", "taken_on": "03.01.2026", "result": "pending"},
    )
    assert response.status_code == 400
    assert "taken_on" in response.context["step_form"].errors
    assert not ClearingStep.objects.exists()


def test_clearing_close_with_a_stale_version_is_a_conflict(counsellor, make_clearing, login):
    clearing = make_clearing()
    response = login(counsellor).post(
        f"/clearing/{clearing.pk}/close/",
        {"version": 99, "status_at_end": "insured_germany", "closed_on": "04.02.2026"},
    )
    assert response.status_code == 409
    clearing.refresh_from_db()
    assert clearing.closed_on is None


def test_clearing_statistics_page_shows_tables_and_charts(
    counsellor, make_clearing, login, municipality
):
    make_clearing("RO", start="not_insured", opened_on=dt.date(2026, 2, 1))
    coordinator = make_user(Role.COORDINATOR, municipality)
    response = login(coordinator).get(
        "/clearing/statistics/?date_from=01.01.2026&date_to=30.04.2026"
    )
    assert response.status_code == 200
    content = response.content.decode()
    for needle in ("<svg", 'scope="row"', "<caption"):
        assert needle in content
    assert "style=" not in content
    assert response.context["stats"].persons == 1
    assert "Elena" not in content  # figures only, no persons
    assert AuditEvent.objects.filter(event_type=EventType.CLEARING_STATISTICS_VIEWED).count() == 1


def test_clearing_statistics_bad_period_is_a_form_error(counsellor, login):
    response = login(counsellor).get(
        "/clearing/statistics/?date_from=01.05.2026&date_to=30.04.2026"
    )
    assert response.status_code == 400
    assert "date_to" in response.context["form"].errors


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_clearing_statistics_download_every_table(counsellor, make_clearing, login, fmt):
    make_clearing("BG", start="unclear", opened_on=dt.date(2026, 2, 1))
    client = login(counsellor)
    for table in ("summary", "nationality", "start_by_nationality", "start", "end", "steps"):
        response = client.get(
            f"/clearing/statistics/{table}.{fmt}?date_from=01.01.2026&date_to=30.04.2026"
        )
        assert response.status_code == 200, table
        assert f"clearing-{table}-2026-01-01-2026-04-30.{fmt}" in response["Content-Disposition"]
    assert client.get("/clearing/statistics/persons.csv").status_code == 404
    exported = AuditEvent.objects.filter(event_type=EventType.CLEARING_STATISTICS_EXPORTED)
    assert exported.count() == 6


def test_clearing_statistics_csv_has_the_figures(counsellor, make_clearing, login):
    make_clearing("BG", start="unclear", opened_on=dt.date(2026, 2, 1))
    make_clearing("BG", start="not_insured", opened_on=dt.date(2026, 2, 1))
    response = login(counsellor).get(
        "/clearing/statistics/nationality.csv?date_from=01.01.2026&date_to=30.04.2026"
    )
    lines = response.content.decode("utf-8-sig").splitlines()
    assert "Bulgarien;2;100,0" in lines  # decimal comma for German Excel


def test_person_page_shows_clearing_to_case_managers_without_a_link(
    make_clearing, make_person, login, municipality
):
    person = make_person()
    clearing = make_clearing(person=person)
    manager = make_user(Role.CASE_MANAGER, municipality)
    content = login(manager).get(f"/persons/{person.pk}/").content.decode()
    assert "clearing-title" in content
    assert f"/clearing/{clearing.pk}/" not in content


def test_navigation_shows_clearing_by_permission(counsellor, login, municipality):
    nav = login(counsellor).get("/home/").context["navigation"]
    assert {"/clearing/", "/clearing/statistics/"} <= {item["url"] for item in nav}
    lead = make_user(Role.CENTRE_LEAD, municipality)
    urls = {item["url"] for item in login(lead).get("/home/").context["navigation"]}
    assert "/clearing/statistics/" in urls
    assert "/clearing/" not in urls


def test_clearing_edit_corrects_the_start_and_audits(counsellor, make_clearing, login):
    clearing = make_clearing(start="unclear", opened_on=dt.date(2026, 2, 1))
    response = login(counsellor).post(
        f"/clearing/{clearing.pk}/edit/",
        {"version": clearing.version, "status_at_start": "not_insured", "opened_on": "30.01.2026"},
    )
    assert response.status_code == 302
    clearing.refresh_from_db()
    assert (clearing.status_at_start, clearing.opened_on) == ("not_insured", dt.date(2026, 1, 30))
    event = AuditEvent.objects.get(event_type=EventType.CLEARING_CASE_UPDATED)
    assert set(event.changes) == {"status_at_start", "opened_on"}


def test_clearing_edit_bad_input_gives_german_error_and_changes_nothing(
    counsellor, make_clearing, login
):
    clearing = make_clearing(start="unclear")
    response = login(counsellor).post(
        f"/clearing/{clearing.pk}/edit/",
        {"version": clearing.version, "status_at_start": "", "opened_on": "01.02.2026"},
    )
    assert response.status_code == 400
    assert response.context["edit_form"].errors["status_at_start"] == [REQUIRED]
    clearing.refresh_from_db()
    assert clearing.version == 1
    assert not AuditEvent.objects.filter(event_type=EventType.CLEARING_CASE_UPDATED).exists()
