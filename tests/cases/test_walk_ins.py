import datetime as dt

import pytest
from django.utils import timezone

from lotse.accounts.enums import Role
from lotse.cases import casework, services, walkins
from lotse.cases.models import WalkIn, WalkInStatus
from lotse.cases.queries import caseload
from lotse.people import services as people_services
from lotse.people.models import Person
from tests.factories import SiteFactory, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    site = SiteFactory(name="Hamborn")
    manager = make_user(Role.CASE_MANAGER, site.municipality)
    manager.membership.site = site
    manager.membership.save()
    return {"site": site, "manager": manager}


def test_queue_calls_the_longest_waiting_first_and_records_the_waiting_time(desk, monkeypatch):
    start = timezone.now()
    for minutes, name in ((0, "Erste"), (5, "Zweite")):
        monkeypatch.setattr(timezone, "now", lambda m=minutes: start + dt.timedelta(minutes=m))
        walkins.register_walk_in(
            acting_user=desk["manager"], site=desk["site"], given_name=name, family_name="Person"
        )
    monkeypatch.setattr(timezone, "now", lambda: start + dt.timedelta(minutes=25))
    called = walkins.call_next(acting_user=desk["manager"], site=desk["site"])
    assert (called.given_name, called.waiting_minutes) == ("Erste", 25)
    assert WalkIn.objects.filter(status=WalkInStatus.WAITING).get().given_name == "Zweite"


def test_nobody_waiting_calls_nobody(desk):
    assert walkins.call_next(acting_user=desk["manager"], site=desk["site"]) is None


def test_walk_in_for_a_known_person_offers_the_match(desk, login):
    people_services.create_person(
        acting_user=desk["manager"],
        municipality=desk["site"].municipality,
        given_name="Ion",
        family_name="Popescu",
    )
    client = login(desk["manager"])
    url = f"/sites/{desk['site'].pk}/walk-ins/register/"
    response = client.post(url, {"given_name": "Ion", "family_name": "Popesku"})
    assert "Ist es eine dieser Personen?" in response.content.decode()
    assert not WalkIn.objects.exists()
    person = Person.objects.get()
    client.post(url, {"given_name": "Ion", "family_name": "Popesku", "person": person.pk})
    assert WalkIn.objects.get().person == person


@pytest.mark.parametrize(
    ("names", "refused"),
    [
        ({"given_name": "!!!", "family_name": "Yusuf"}, {"given_name"}),
        ({"given_name": "Amina", "family_name": "123"}, {"family_name"}),
        ({"given_name": "???", "family_name": "4711"}, {"given_name", "family_name"}),
    ],
    ids=["no letters", "digits only", "both"],
)
def test_walk_in_form_refuses_a_name_the_person_forms_refuse(desk, login, names, refused):
    url = f"/sites/{desk['site'].pk}/walk-ins/register/"
    response = login(desk["manager"]).post(url, names)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == refused
    for field in refused:
        assert errors[field] == ["Ein Name braucht mindestens einen Buchstaben."]
    assert "Ein Name braucht mindestens einen Buchstaben." in response.content.decode()
    assert not WalkIn.objects.exists()


def test_walk_in_form_takes_a_name_in_any_script(desk, login):
    url = f"/sites/{desk['site'].pk}/walk-ins/register/"
    response = login(desk["manager"]).post(url, {"given_name": "فاطمة", "family_name": "Yusuf"})
    assert response.status_code == 302
    assert WalkIn.objects.get().given_name == "فاطمة"


def test_new_walk_in_becomes_a_person_and_is_linked(desk, login):
    walk_in = walkins.register_walk_in(
        acting_user=desk["manager"], site=desk["site"], given_name="Amina", family_name="Yusuf"
    )
    walkins.call_next(acting_user=desk["manager"], site=desk["site"])
    client = login(desk["manager"])
    form = client.get(f"/persons/new/?walk_in={walk_in.pk}").content.decode()
    assert 'value="Amina"' in form
    response = client.post(
        f"/persons/new/?walk_in={walk_in.pk}",
        {"given_name": "Amina", "family_name": "Yusuf", "gender": "female", "walk_in": walk_in.pk},
    )
    assert response.status_code == 302
    walk_in.refresh_from_db()
    assert walk_in.person.family_name == "Yusuf"


def test_queue_page_shows_who_waits_and_since_when(desk, login):
    walkins.register_walk_in(
        acting_user=desk["manager"], site=desk["site"], given_name="Amina", family_name="Yusuf"
    )
    content = login(desk["manager"]).get(f"/sites/{desk['site'].pk}/walk-ins/").content.decode()
    assert "1 Person wartet" in content
    assert "Amina Yusuf" in content


def test_home_page_of_a_case_manager(desk, login):
    manager = desk["manager"]
    person = people_services.create_person(
        acting_user=manager,
        municipality=desk["site"].municipality,
        given_name="Ion",
        family_name="Popescu",
    )
    case = services.open_case(acting_user=manager, owner=manager, site=desk["site"], person=person)
    casework.add_follow_up(
        acting_user=manager, case=case, due_on=timezone.localdate(), note="Jobcenter anrufen"
    )
    walkins.register_walk_in(
        acting_user=manager, site=desk["site"], given_name="Amina", family_name="Yusuf"
    )
    response = login(manager).get("/home/")
    content = response.content.decode()
    assert "Jobcenter anrufen" in content
    assert "1 Person wartet" in content
    assert response.context["caseload"].cases == 1
    assert response.context["caseload"].capacity == 150
    assert dict(response.context["phase_counts"])["intake"] == 1


def test_caseload_counts_a_part_time_position(desk):
    desk["manager"].membership.fte = "0.50"
    desk["manager"].membership.save()
    assert caseload(desk["manager"]).capacity == 75


@pytest.mark.parametrize("rows", [1, 3])
def test_home_query_count_does_not_grow(desk, login, django_assert_num_queries, rows):
    manager = desk["manager"]
    person = people_services.create_person(
        acting_user=manager,
        municipality=desk["site"].municipality,
        given_name="Ion",
        family_name="Popescu",
    )
    for _ in range(rows):
        case = services.open_case(
            acting_user=manager, owner=manager, site=desk["site"], person=person
        )
        casework.add_follow_up(
            acting_user=manager, case=case, due_on=timezone.localdate(), note="Anrufen"
        )
    client = login(manager)
    # Session and user, phase counts, follow-ups and their number, caseload, walk-ins
    # waiting, overdue referral answers, unread notifications, then three for saving the
    # session.
    with django_assert_num_queries(12):
        client.get("/home/")
