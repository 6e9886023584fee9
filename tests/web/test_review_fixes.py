"""Defects a review found in the person pages, each section with its own: what a page shows
or writes is checked through the pages, as a user meets it."""

import pytest

from lotse.accounts.enums import Role
from lotse.audit.events import EventType
from lotse.audit.models import AuditEvent
from lotse.people import services
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_manager():
    return make_user(Role.CASE_MANAGER)


def _person(user, given_name="Ion", family_name="Popescu", **fields):
    return services.create_person(
        acting_user=user,
        municipality=user.membership.municipality,
        given_name=given_name,
        family_name=family_name,
        **fields,
    )


def _viewed():
    return AuditEvent.objects.filter(event_type=EventType.PERSON_VIEWED)


# --- The edit page is a read of the record ------------------------------------------------


def test_person_edit_page_records_the_view(login, case_manager):
    person = _person(case_manager, phone="0203 4711")
    client = login(case_manager)
    response = client.get(f"/persons/{person.pk}/edit/")
    assert response.status_code == 200
    assert "0203 4711" in response.content.decode()  # the form shows the record
    viewed = _viewed().get()
    assert (viewed.actor_id, viewed.target_id) == (case_manager.pk, str(person.pk))
    assert viewed.context == {"via": "edit page"}


def test_person_edit_refused_post_is_not_recorded_again(login, case_manager):
    person = _person(case_manager)
    client = login(case_manager)
    client.get(f"/persons/{person.pk}/edit/")
    refused = client.post(
        f"/persons/{person.pk}/edit/",
        {"given_name": "", "family_name": "Popescu", "gender": "not_stated", "version": 1},
    )
    assert refused.status_code == 200
    assert "given_name" in refused.context["form"].errors
    assert _viewed().count() == 1


def test_person_edit_of_another_municipality_records_nothing(login, case_manager):
    stranger = make_user(Role.CASE_MANAGER)
    person = _person(stranger)
    client = login(case_manager)
    assert client.get(f"/persons/{person.pk}/edit/").status_code == 404
    assert not _viewed().exists()
