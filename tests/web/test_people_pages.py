import datetime as dt

import pytest
from django.utils import translation

from lotse.accounts.enums import Role
from lotse.audit.events import EventType
from lotse.audit.models import AuditEvent
from lotse.people import pair_review, services
from lotse.people.models import DuplicatePair, Household, Person
from tests.factories import make_user

pytestmark = pytest.mark.django_db

NEW_PERSON = {
    "given_name": "Ion",
    "family_name": "Popescu",
    "birth": "1985",
    "gender": "male",
    "nationality": "RO",
    "first_language": "ro",
    "german_level": "a",
    "residence_status": "eu_free_movement",
    "insurance_status": "unclear",
}


@pytest.fixture
def case_manager():
    return make_user(Role.CASE_MANAGER)


def test_create_person_with_partial_birth_date_and_statuses(login, case_manager):
    client = login(case_manager)
    response = client.post("/persons/new/", NEW_PERSON)
    assert response.status_code == 302
    person = Person.objects.get()
    assert (person.birth_date.year, person.birth_date_precision) == (1985, "year")
    assert person.residence_history.get().status == "eu_free_movement"
    assert {(lang.language, lang.level) for lang in person.languages.all()} == {
        ("ro", "native"),
        ("de", "a"),
    }


def test_possible_duplicate_is_shown_before_a_second_record_is_created(login, case_manager):
    client = login(case_manager)
    client.post("/persons/new/", NEW_PERSON)
    response = client.post("/persons/new/", {**NEW_PERSON, "family_name": "Popesku"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Diese Person ist vielleicht schon erfasst" in content
    assert "gleicher Name in anderer Schreibweise, gleiches Geburtsjahr" in content
    assert Person.objects.count() == 1
    confirmed = client.post(
        "/persons/new/", {**NEW_PERSON, "family_name": "Popesku", "confirm_new": "on"}
    )
    assert confirmed.status_code == 302
    assert Person.objects.count() == 2


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"birth": "31.02.1985"}, "birth", "TT.MM.JJJJ"),
        (
            {"birth": "01.01.2000", "arrival_date": "01.01.1999"},
            "arrival_date",
            "vor dem Geburtsdatum",
        ),
        ({"residence_status": "space_visa"}, "residence_status", "gültige Auswahl"),
        ({"given_name": ""}, "given_name", "zwingend erforderlich"),
    ],
)
def test_bad_input_gets_a_clear_error_and_saves_nothing(
    login, case_manager, changes, field, message
):
    client = login(case_manager)
    response = client.post("/persons/new/", {**NEW_PERSON, **changes})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert message in response.content.decode()
    assert Person.objects.count() == 0


def test_script_in_a_name_is_shown_as_text(login, case_manager):
    client = login(case_manager)
    client.post("/persons/new/", {**NEW_PERSON, "given_name": "<script>alert(1)</script>"})
    person = Person.objects.get()
    content = client.get(f"/persons/{person.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_opening_a_person_is_recorded(login, case_manager):
    person = services.create_person(
        acting_user=case_manager,
        municipality=case_manager.membership.municipality,
        given_name="Fatima",
        family_name="Al-Hassan",
        name_original="فاطمة الحسن",
    )
    client = login(case_manager)
    content = client.get(f"/persons/{person.pk}/").content.decode()
    assert 'dir="auto"' in content
    assert "فاطمة الحسن" in content
    viewed = AuditEvent.objects.get(event_type=EventType.PERSON_VIEWED)
    assert (viewed.actor_id, viewed.target_id) == (case_manager.pk, str(person.pk))


def test_person_of_another_municipality_is_a_404(login, case_manager):
    stranger = make_user(Role.CASE_MANAGER)
    person = services.create_person(
        acting_user=stranger,
        municipality=stranger.membership.municipality,
        given_name="A",
        family_name="B",
    )
    client = login(case_manager)
    assert client.get(f"/persons/{person.pk}/").status_code == 404
    assert client.post(f"/persons/{person.pk}/edit/", {"version": 1}).status_code == 404
    assert not AuditEvent.objects.filter(event_type=EventType.PERSON_VIEWED).exists()


def test_stale_edit_gets_a_conflict_page_and_overwrites_nothing(login, case_manager):
    person = services.create_person(
        acting_user=case_manager,
        municipality=case_manager.membership.municipality,
        given_name="Ion",
        family_name="Popescu",
    )
    services.update_person(
        acting_user=case_manager, person=person, expected_version=1, phone="0203 111"
    )
    client = login(case_manager)
    response = client.post(
        f"/persons/{person.pk}/edit/",
        {
            "given_name": "Ion",
            "family_name": "Popescu",
            "gender": "not_stated",
            "phone": "0203 999",
            "version": 1,
        },
    )
    assert response.status_code == 409
    content = response.content.decode()
    assert "Telefon" in content
    assert "0203 111" in content
    person.refresh_from_db()
    assert person.phone == "0203 111"
    # The form now carries the current version: saving again is a deliberate overwrite.
    assert response.context["form"]["version"].value() == "2"
    # Showing the values someone else saved is a read of the record.
    viewed = AuditEvent.objects.filter(event_type=EventType.PERSON_VIEWED, target_id=str(person.pk))
    assert [event.context["via"] for event in viewed] == ["edit page, conflict"]


def test_search_is_posted_so_names_stay_out_of_urls(login, case_manager):
    services.create_person(
        acting_user=case_manager,
        municipality=case_manager.membership.municipality,
        given_name="Ştefan",
        family_name="Dumitraşcu",
    )
    client = login(case_manager)
    response = client.post("/persons/", {"q": "stefan dumitrascu"})
    assert [hit.person.family_name for hit in response.context["found"]] == ["Dumitraşcu"]
    page = response.content.decode()
    assert 'method="post"' in page
    assert "Dumitra" not in response.request["QUERY_STRING"]


def test_search_ranks_and_says_why(login, case_manager):
    municipality = case_manager.membership.municipality
    for given, family, birth in [
        ("Ion", "Popeacu", dt.date(1980, 1, 1)),
        ("Ion", "Popescu", dt.date(1985, 7, 3)),
        ("Ion", "Popescu", dt.date(1985, 3, 7)),
        ("Maria", "Lupu", dt.date(1985, 3, 7)),
    ]:
        services.create_person(
            acting_user=case_manager,
            municipality=municipality,
            given_name=given,
            family_name=family,
            birth_date=birth,
        )
    client = login(case_manager)
    response = client.post("/persons/", {"q": "Popescu Ion", "birth": "07.03.1985"})
    found = response.context["found"]
    # Popeacu was born in another year; Maria Lupu has another name.
    assert [(hit.person.family_name, hit.person.birth_date) for hit in found] == [
        ("Popescu", dt.date(1985, 3, 7)),
        ("Popescu", dt.date(1985, 7, 3)),
    ]
    with translation.override("en"):
        assert found[0].reason == "same name, same date of birth"
        assert found[1].reason == "same name, day and month of birth swapped"
    assert "gleicher Name, gleiches Geburtsdatum" in response.content.decode()
    everyone = client.post("/persons/", {"q": "popescu ion"}).context["found"]
    assert [hit.person.family_name for hit in everyone] == ["Popescu", "Popescu", "Popeacu"]
    with translation.override("en"):
        assert everyone[2].reason == "similar name"


def test_search_with_a_bad_date_says_how_to_write_it(login, case_manager):
    client = login(case_manager)
    response = client.post("/persons/", {"q": "Popescu", "birth": "31.02.1990"})
    assert response.status_code == 400
    assert "TT.MM.JJJJ" in response.content.decode()


@pytest.mark.parametrize("rows", [1, 3])
def test_person_list_query_count_does_not_grow(login, django_assert_num_queries, rows):
    user = make_user(Role.CASE_MANAGER)
    household = services.create_household(
        acting_user=user, municipality=user.membership.municipality, name="Familie"
    )
    for number in range(rows):
        services.create_person(
            acting_user=user,
            municipality=user.membership.municipality,
            given_name=f"P{number}",
            family_name="X",
            household=household,
        )
    client = login(user)
    # session, user; count, page with households; the audit entry of the persons shown
    # (savepoint, insert, release); unread notifications; session save (3)
    with django_assert_num_queries(11):
        response = client.get("/persons/")
    assert len(response.context["page"].object_list) == rows
    listed = AuditEvent.objects.get(event_type=EventType.PERSONS_LISTED)
    assert len(listed.context["persons"]) == rows


def test_household_with_three_generations(login, case_manager):
    client = login(case_manager)
    response = client.post("/households/new/", {"name": "Familie Haddad", "city": "Duisburg"})
    assert response.status_code == 302
    household_url = response["Location"]
    household_id = household_url.rstrip("/").rsplit("/", 1)[-1]
    for given, birth in (("Samir", "1958"), ("Rania", "12.03.1984"), ("Lina", "2022")):
        created = client.post(
            f"/persons/new/?household={household_id}",
            {
                "given_name": given,
                "family_name": "Haddad",
                "birth": birth,
                "gender": "not_stated",
                "household": household_id,
                "confirm_new": "on",
            },
        )
        assert created.status_code == 302
    content = client.get(household_url).content.decode()
    for stage in ("Senior", "Erwerbsalter", "Kita-Alter"):
        assert stage in content


def _person(user, **fields):
    return services.create_person(
        acting_user=user,
        municipality=user.membership.municipality,
        given_name=fields.pop("given_name", "Rania"),
        family_name=fields.pop("family_name", "Haddad"),
        **fields,
    )


def test_household_created_around_a_known_person(login, case_manager):
    person = _person(case_manager)
    client = login(case_manager)
    detail = client.get(f"/persons/{person.pk}/")
    assert f"/households/new/?person={person.pk}" in detail.content.decode()
    form = client.get(f"/households/new/?person={person.pk}")
    assert form.context["form"]["name"].value() == "Familie Haddad"
    response = client.post(
        "/households/new/",
        {"name": "Familie Haddad", "person": str(person.pk), "person_version": person.version},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.household.name == "Familie Haddad"
    assert response["Location"] == f"/households/{person.household_id}/"
    events = AuditEvent.objects.filter(target_id=str(person.pk))
    assert events.filter(event_type=EventType.PERSON_UPDATED).count() == 1


def test_household_for_a_changed_person_creates_nothing(login, case_manager):
    person = _person(case_manager)
    stale = person.version
    services.update_person(
        acting_user=case_manager, person=person, expected_version=stale, phone="0203 123"
    )
    client = login(case_manager)
    response = client.post(
        "/households/new/",
        {"name": "Familie Haddad", "person": str(person.pk), "person_version": stale},
        follow=True,
    )
    assert "Jemand anderes" in response.content.decode()
    person.refresh_from_db()
    assert person.household is None
    assert not Household.objects.exists()


def test_household_for_a_person_of_another_municipality_is_a_404(login, case_manager):
    stranger = _person(make_user(Role.CASE_MANAGER))
    client = login(case_manager)
    assert client.get(f"/households/new/?person={stranger.pk}").status_code == 404
    response = client.post("/households/new/", {"name": "X", "person": str(stranger.pk)})
    assert response.status_code == 404
    assert not Household.objects.exists()


def test_renaming_to_a_known_person_warns_before_saving(login, case_manager):
    municipality = case_manager.membership.municipality
    known = services.create_person(
        acting_user=case_manager,
        municipality=municipality,
        given_name="Fatima",
        family_name="Al-Hassan",
        birth_date=dt.date(1990, 3, 7),
    )
    person = services.create_person(
        acting_user=case_manager, municipality=municipality, given_name="F.", family_name="H."
    )
    client = login(case_manager)
    edit = {
        "given_name": "Fatma",
        "family_name": "Alhasan",
        "birth": "07.03.1990",
        "gender": "not_stated",
        "version": 1,
    }
    response = client.post(f"/persons/{person.pk}/edit/", edit)
    assert response.status_code == 200
    assert [match.person for match in response.context["matches"]] == [known]
    assert "gleicher Name in anderer Schreibweise" in response.content.decode()
    person.refresh_from_db()
    assert (person.family_name, person.version) == ("H.", 1)  # nothing saved yet
    response = client.post(f"/persons/{person.pk}/edit/", {**edit, "confirm_new": "on"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.family_name == "Alhasan"
    # Other edits do not look for duplicates at all.
    response = client.post(f"/persons/{person.pk}/edit/", {**edit, "version": 2, "phone": "0203 1"})
    assert response.status_code == 302


def test_an_edit_does_not_offer_a_person_a_reviewer_said_is_someone_else(login, case_manager):
    """Fatma and Fatima were reviewed: not the same person. Correcting Fatma's date of
    birth does not warn of Fatima again."""
    municipality = case_manager.membership.municipality
    fatima = services.create_person(
        acting_user=case_manager,
        municipality=municipality,
        given_name="Fatima",
        family_name="Al-Hassan",
        birth_date=dt.date(1990, 3, 7),
    )
    fatma = services.create_person(
        acting_user=case_manager,
        municipality=municipality,
        given_name="Fatma",
        family_name="Alhasan",
        birth_date=dt.date(1990, 3, 8),
    )
    services.detect_duplicates(acting_user=case_manager, municipality=municipality)
    pair_review.reject_pair(acting_user=case_manager, pair=DuplicatePair.objects.get())
    edit = {
        "given_name": "Fatma",
        "family_name": "Alhasan",
        "birth": "07.03.1990",
        "gender": "not_stated",
        "version": fatma.version,
    }
    response = login(case_manager).post(f"/persons/{fatma.pk}/edit/", edit)
    assert response.status_code == 302  # saved, no warning
    fatma.refresh_from_db()
    assert fatma.birth_date == fatima.birth_date


def test_an_edit_that_adds_another_name_warns_of_the_person_known_by_it(login, case_manager):
    """Maria Popa was known as Maria Ionescu before her marriage; another record of hers
    is Maria Ionescu. Adding the maiden name to Maria Popa's record warns of that record."""
    municipality = case_manager.membership.municipality
    ionescu = services.create_person(
        acting_user=case_manager,
        municipality=municipality,
        given_name="Maria",
        family_name="Ionescu",
        birth_date=dt.date(1988, 5, 4),
    )
    popa = services.create_person(
        acting_user=case_manager,
        municipality=municipality,
        given_name="Maria",
        family_name="Popa",
        birth_date=dt.date(1988, 5, 4),
    )
    client = login(case_manager)
    edit = {
        "given_name": "Maria",
        "family_name": "Popa",
        "birth": "04.05.1988",
        "gender": "not_stated",
        "other_names": "Maria Ionescu",
        "version": popa.version,
    }
    response = client.post(f"/persons/{popa.pk}/edit/", edit)
    assert response.status_code == 200
    assert ionescu in [match.person for match in response.context["matches"]]
    popa.refresh_from_db()
    assert popa.other_names == ""  # nothing saved before the warning is answered


def test_person_page_shows_the_ids_in_other_systems(login, case_manager):
    person = services.create_person(
        acting_user=case_manager,
        municipality=case_manager.membership.municipality,
        given_name="Ion",
        family_name="Popescu",
    )
    for source, external_id in (("jobcenter", "J-1"), ("abh", "A-7")):
        person.sources.create(
            municipality=person.municipality, source=source, external_id=external_id
        )
    page = login(case_manager).get(f"/persons/{person.pk}/").content.decode()
    assert "abh: A-7, jobcenter: J-1" in page
