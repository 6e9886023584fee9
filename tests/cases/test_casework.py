import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lotse.accounts.enums import Role
from lotse.cases import casework, services
from lotse.cases.casework import DomainAssessment
from lotse.cases.models import Contact, Goal
from lotse.people import services as people_services
from tests.factories import SiteFactory, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def case():
    manager = make_user(Role.CASE_MANAGER)
    municipality = manager.membership.municipality
    site = SiteFactory(organisation__municipality=municipality)
    person = people_services.create_person(
        acting_user=manager, municipality=municipality, given_name="Olena", family_name="Koval"
    )
    return services.open_case(acting_user=manager, owner=manager, site=site, person=person)


def test_reassessment_keeps_history_and_measures_the_change(case):
    casework.record_assessment(
        acting_user=case.owner,
        case=case,
        assessed_on=dt.date(2026, 1, 10),
        items=[
            DomainAssessment("language", "urgent"),
            DomainAssessment("housing", "some"),
            DomainAssessment("work", "some"),
        ],
    )
    casework.record_assessment(
        acting_user=case.owner,
        case=case,
        assessed_on=dt.date(2026, 6, 10),
        items=[
            DomainAssessment("language", "some"),
            DomainAssessment("housing", "none"),
            DomainAssessment("work", "urgent"),
        ],
    )
    assert case.assessments.count() == 2
    change = {row["domain"].value: row["trend"] for row in casework.need_change(case)}
    assert change == {"language": -1, "housing": -1, "work": 1}


def test_assessment_refuses_a_domain_twice_and_the_future(case):
    with pytest.raises(ValidationError):
        casework.record_assessment(
            acting_user=case.owner,
            case=case,
            items=[DomainAssessment("language", "some"), DomainAssessment("language", "none")],
        )
    with pytest.raises(ValidationError):
        casework.record_assessment(
            acting_user=case.owner,
            case=case,
            assessed_on=timezone.localdate() + dt.timedelta(days=1),
            items=[DomainAssessment("language", "some")],
        )
    assert case.assessments.count() == 0


def test_new_goal_with_a_target_date_in_the_past_is_refused(case):
    with pytest.raises(ValidationError) as error:
        casework.add_goal(
            acting_user=case.owner,
            case=case,
            life_domain="work",
            description="Arbeit",
            target_date=dt.date(2020, 1, 1),
        )
    assert "Vergangenheit" in str(error.value)
    assert not Goal.objects.exists()


def test_measure_names_an_organisation_exactly_when_one_is_responsible(case):
    goal = casework.add_goal(
        acting_user=case.owner,
        case=case,
        life_domain="work",
        description="Arbeit",
        target_date=dt.date(2030, 1, 1),
    )
    with pytest.raises(ValidationError):
        casework.add_measure(
            acting_user=case.owner, goal=goal, description="Termin", responsible="organisation"
        )
    casework.add_measure(
        acting_user=case.owner, goal=goal, description="Bewerbung", responsible="person"
    )
    assert goal.measures.count() == 1


def test_closed_case_takes_no_more_work(case):
    services.change_phase(
        acting_user=case.owner,
        case=case,
        to_phase="closed",
        expected_version=case.version,
        closure_reason="moved_away",
    )
    with pytest.raises(ValidationError, match="abgeschlossen"):
        casework.record_contact(
            acting_user=case.owner,
            case=case,
            contact_on=timezone.localdate(),
            duration_minutes=30,
            form="phone",
        )


def test_contact_page_with_bad_input_saves_nothing(case, login):
    client = login(case.owner)
    response = client.post(
        f"/cases/{case.pk}/contacts/",
        {
            "contact_on": "31.02.2026",
            "duration_minutes": "0",
            "form": "telepathy",
            "life_domains": ["work", "moon"],
            "note": "x" * 20_001,
        },
    )
    assert response.status_code == 400
    errors = response.context["contact_form"].errors
    assert set(errors) == {"contact_on", "duration_minutes", "form", "life_domains", "note"}
    assert not Contact.objects.exists()


def test_a_ten_megabyte_note_gets_a_clear_error(case, login):
    client = login(case.owner)
    response = client.post(
        f"/cases/{case.pk}/contacts/",
        {
            "contact_on": timezone.localdate().strftime("%d.%m.%Y"),
            "duration_minutes": "30",
            "form": "in_person",
            "note": "x" * (10 * 1024 * 1024),
        },
    )
    assert response.status_code == 400
    assert "zu groß" in response.content.decode()
    assert not Contact.objects.exists()


def test_contact_and_follow_up_through_the_case_page(case, login):
    client = login(case.owner)
    today = timezone.localdate()
    response = client.post(
        f"/cases/{case.pk}/contacts/",
        {
            "contact_on": today.strftime("%d.%m.%Y"),
            "duration_minutes": "45",
            "form": "in_person",
            "life_domains": ["work", "language"],
            "interpreter_used": "on",
            "interpreter_language": "uk",
            "note": "Sprachkurs besprochen",
        },
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert (contact.life_domains, contact.interpreter_language) == (["language", "work"], "uk")
    # The contact carries its case's municipality (the figures count by it).
    assert contact.municipality_id == case.municipality_id
    due = (today + dt.timedelta(days=7)).strftime("%d.%m.%Y")
    assert (
        client.post(
            f"/cases/{case.pk}/follow-ups/", {"due_on": due, "note": "Anmeldung Sprachkurs prüfen"}
        ).status_code
        == 302
    )
    follow_up = case.follow_ups.get()
    content = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Anmeldung Sprachkurs prüfen" in content
    assert "Sprachkurs besprochen" in content
    client.post(f"/cases/{case.pk}/follow-ups/{follow_up.pk}/done/")
    follow_up.refresh_from_db()
    assert follow_up.done_at is not None


def test_plan_print_view_shows_goals_and_who_does_what(case, login):
    goal = casework.add_goal(
        acting_user=case.owner,
        case=case,
        life_domain="education",
        description="Kita-Platz für Lina",
        target_date=dt.date(2030, 1, 1),
    )
    casework.add_measure(
        acting_user=case.owner,
        goal=goal,
        description="Antrag stellen",
        responsible="case_manager",
        due_date=dt.date(2030, 1, 1),
    )
    content = login(case.owner).get(f"/cases/{case.pk}/plan/print/").content.decode()
    assert "Mein Integrationsplan" in content
    assert "Kita-Platz für Lina" in content
    assert "Antrag stellen" in content


@pytest.mark.parametrize("page", ["", "plan/", "assessment/"])
def test_pages_with_several_forms_have_unique_ids(case, login, page):
    goal = casework.add_goal(
        acting_user=case.owner,
        case=case,
        life_domain="work",
        description="Arbeit",
        target_date=dt.date(2030, 1, 1),
    )
    casework.add_goal(
        acting_user=case.owner,
        case=case,
        life_domain="housing",
        description="Wohnung",
        target_date=dt.date(2030, 1, 1),
    )
    assert goal.pk
    content = login(case.owner).get(f"/cases/{case.pk}/{page}").content.decode()
    ids = re.findall(r'\sid="([^"]+)"', content)
    duplicates = {i for i in ids if ids.count(i) > 1}
    assert duplicates == set()
