"""Defects a review found in the person pages, each section with its own: what a page shows
or writes is checked through the pages, as a user meets it."""

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest

from lotse.accounts.enums import Role
from lotse.audit.events import EventType
from lotse.audit.models import AuditEvent
from lotse.cases import walkins
from lotse.people import services
from lotse.people.models import Person
from tests.factories import SiteFactory, make_user

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


# --- The search page says "nobody found" only after a search ------------------------------


@pytest.mark.parametrize(
    "search",
    [{"q": "Ion", "birth": "31.02.1985"}, {"q": ""}, {"q": "   "}],
    ids=["impossible date", "empty name", "blank name"],
)
def test_person_search_refused_shows_the_error_and_not_nobody_found(login, case_manager, search):
    _person(case_manager)
    response = login(case_manager).post("/persons/", search)
    assert response.status_code == 400
    content = response.content.decode()
    assert 'class="kern-error"' in content
    assert "Niemand gefunden" not in content
    assert "Noch keine Personen" not in content
    assert "lotse-empty" not in content


def test_person_search_that_ran_and_found_nobody_says_so(login, case_manager):
    _person(case_manager)
    response = login(case_manager).post("/persons/", {"q": "Zyxwvut"})
    assert response.status_code == 200
    assert "Niemand gefunden" in response.content.decode()


# --- The search page is honest about its cap ----------------------------------------------


def _namesakes(user, count):
    for number in range(count):
        _person(user, given_name=f"Ion{'a' * number}", birth_date=dt.date(1980, 1, 1))


def test_person_search_below_the_cap_counts_exactly(login, case_manager):
    _namesakes(case_manager, 50)
    response = login(case_manager).post("/persons/", {"q": "Popescu"})
    assert len(response.context["found"]) == 50
    assert "50 Personen gefunden" in response.content.decode()


def test_person_search_at_the_cap_says_more_match(login, case_manager):
    _namesakes(case_manager, 51)
    client = login(case_manager)
    response = client.post("/persons/", {"q": "Popescu"})
    assert len(response.context["found"]) == 50
    assert "50 Personen gefunden" not in response.content.decode()
    # The wording is new: checked in English, which needs no catalogue entry.
    english = client.post("/persons/", {"q": "Popescu"}, HTTP_ACCEPT_LANGUAGE="en")
    assert (
        "The best 50 matches – more persons match: please narrow the search"
        in english.content.decode()
    )


# --- The forms refuse a name no search could find (the API shares the rule) ---------------


@pytest.mark.parametrize("url", ["/persons/new/", "edit"])
def test_person_form_refuses_a_name_without_letters(login, case_manager, url):
    person = _person(case_manager)
    if url == "edit":
        url = f"/persons/{person.pk}/edit/"
    response = login(case_manager).post(
        url,
        {"given_name": "!!!", "family_name": "???", "gender": "not_stated", "version": 1},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"given_name", "family_name"}
    person.refresh_from_db()
    assert (person.given_name, person.family_name) == ("Ion", "Popescu")
    assert Person.objects.count() == 1


# --- The forms refuse a date of birth before 1900 (the API and the import share the rule) --


def _born(birth):
    """The person form of Ion Popescu, born ``birth`` (as typed)."""
    return {
        "given_name": "Ion",
        "family_name": "Popescu",
        "birth": birth,
        "gender": "not_stated",
        "version": 1,
    }


@pytest.mark.parametrize("url", ["/persons/new/", "edit"])
@pytest.mark.parametrize("birth", ["31.12.1899", "12.1899", "1899", "1899-12-31"])
def test_person_form_refuses_a_date_of_birth_before_1900(login, case_manager, url, birth):
    person = _person(case_manager)
    if url == "edit":
        url = f"/persons/{person.pk}/edit/"
    response = login(case_manager).post(url, _born(birth), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["form"].errors == {"birth": ["The date of birth lies before 1900."]}
    person.refresh_from_db()
    assert (person.birth_date, person.version) == (None, 1)
    assert Person.objects.count() == 1


@pytest.mark.parametrize("url", ["/persons/new/", "edit"])
@pytest.mark.parametrize("birth", ["01.01.1900", "1900"])
def test_person_form_takes_a_date_of_birth_from_1900(login, case_manager, url, birth):
    person = _person(case_manager, given_name="Ana", family_name="Ionescu")
    if url == "edit":
        url = f"/persons/{person.pk}/edit/"
    response = login(case_manager).post(url, _born(birth))
    assert response.status_code == 302
    assert Person.objects.get(given_name="Ion").birth_date == dt.date(1900, 1, 1)


# --- A person's name never travels in a cookie --------------------------------------------


def _readable_cookies(response):
    """Every cookie the response sets, the message cookie decoded as a browser's owner
    could decode it (it is signed, not encrypted)."""
    texts = []
    for name, morsel in response.cookies.items():
        texts.append(morsel.value)
        if name == "messages" and morsel.value:
            decoded = CookieStorage(HttpRequest())._decode(morsel.value)
            texts.extend(str(message) for message in decoded or [])
    return texts


def test_walk_in_call_puts_no_name_in_a_cookie(login):
    site = SiteFactory()
    manager = make_user(Role.CASE_MANAGER, site.municipality)
    walkins.register_walk_in(
        acting_user=manager, site=site, given_name="Mirela", family_name="Dumitrescu"
    )
    client = login(manager)
    response = client.post(f"/sites/{site.pk}/walk-ins/call/")
    assert response.status_code == 302
    cookies = _readable_cookies(response)
    assert not [text for text in cookies if "Dumitrescu" in text]
    # The message still reaches the case manager, from the session.
    page = client.get(response["Location"]).content.decode()
    assert "Bitte rufen Sie Mirela Dumitrescu auf" in page
    assert not [text for text in _readable_cookies(client.get("/home/")) if "Dumitrescu" in text]


# --- Headings: no level skipped ----------------------------------------------------------


class _Headings(HTMLParser):
    def __init__(self):
        super().__init__()
        self.levels = []

    def handle_starttag(self, tag, attrs):
        if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self.levels.append(int(tag[1]))


def skipped_heading_levels(html):
    """The headings that go more than one level deeper than the one before (or a first
    heading that is not an h1), as (previous, this) levels."""
    parser = _Headings()
    parser.feed(html)
    skipped, previous = [], 0
    for level in parser.levels:
        if level > previous + 1:
            skipped.append((previous, level))
        previous = level
    return skipped


def test_skipped_heading_levels_are_found():
    assert skipped_heading_levels("<h1>a</h1><h2>b</h2><h3>c</h3><h2>d</h2>") == []
    assert skipped_heading_levels("<h1>a</h1><div><h3>b</h3></div>") == [(1, 3)]


def test_person_pages_skip_no_heading_level(login, case_manager):
    client = login(case_manager)
    assert skipped_heading_levels(client.get("/persons/").content.decode()) == []  # no persons
    person = _person(case_manager)
    household = services.create_household(
        acting_user=case_manager,
        municipality=case_manager.membership.municipality,
        name="Familie Popescu",
        first_member=person,
    )
    pages = {
        "list": client.get("/persons/"),
        "nobody found": client.post("/persons/", {"q": "Zyxwvut"}),
        "found": client.post("/persons/", {"q": "Popescu"}),
        "refused search": client.post("/persons/", {"q": ""}),
        "detail": client.get(f"/persons/{person.pk}/"),
        "edit": client.get(f"/persons/{person.pk}/edit/"),
        "new": client.get("/persons/new/"),
        "possible duplicate": client.post(
            "/persons/new/", {"given_name": "Ion", "family_name": "Popesku", "gender": "male"}
        ),
        "household": client.get(f"/households/{household.pk}/"),
        "new household": client.get("/households/new/"),
        "import": client.get("/persons/import/"),
    }
    assert pages["possible duplicate"].context["matches"]
    skipped = {name: skipped_heading_levels(r.content.decode()) for name, r in pages.items()}
    assert {name: levels for name, levels in skipped.items() if levels} == {}


def test_duplicate_pages_skip_no_heading_level(login, case_manager):
    client = login(case_manager)
    empty = client.get("/duplicates/").content.decode()
    assert "lotse-empty" in empty
    assert skipped_heading_levels(empty) == []
    for given_name, family_name in (("Fatima", "Al-Hassan"), ("Fatma", "Alhasan")):
        _person(case_manager, given_name, family_name, birth_date=dt.date(1990, 3, 7))
    services.detect_duplicates(
        acting_user=case_manager, municipality=case_manager.membership.municipality
    )
    listed = client.get("/duplicates/")
    pair = listed.context["page"].object_list[0]
    assert skipped_heading_levels(listed.content.decode()) == []
    detail = client.get(f"/duplicates/{pair.pk}/").content.decode()
    assert skipped_heading_levels(detail) == []


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.CLEARING_COUNSELLOR])
def test_home_empty_cards_sit_under_their_section_heading(login, role):
    """The empty card is an h3 inside the home page's "Your work" section (h2)."""
    page = login(make_user(role)).get("/home/").content.decode()
    assert "lotse-empty" in page
    assert skipped_heading_levels(page) == []
    assert '<h3 class="kern-title">' in page
