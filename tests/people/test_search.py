"""The name search in tiers: exact names first, then every other matching name scored once,
stopping when nothing left could enter the page. It must rank as if it had scored everyone."""

import datetime as dt

import pytest
from django.db.models import Count

from lotse.accounts.enums import Role
from lotse.people import imports, queries
from lotse.people import services as people_services
from lotse.people.models import Person, PersonName
from tests.factories import make_user

DAY = dt.date(1990, 3, 7)


def _person(manager, given, family, birth=None, precision="day", **fields):
    return people_services.create_person(
        acting_user=manager,
        municipality=manager.membership.municipality,
        given_name=given,
        family_name=family,
        birth_date=birth,
        birth_date_precision=precision,
        **fields,
    )


@pytest.fixture
def namesakes():
    """Many persons of one name born on many days of 1990, and names close to it."""
    manager = make_user(Role.CASE_MANAGER)
    made = {}
    for month in range(1, 13):  # twelve namesakes, none born on the day searched
        _person(manager, "Ion", "Popescu", dt.date(1990, month, 20))
    made["date"] = _person(manager, "Ion", "Popescu", DAY)
    made["swapped"] = _person(manager, "Ion", "Popescu", dt.date(1990, 7, 3))
    made["digit"] = _person(manager, "Ion", "Popescu", dt.date(1990, 3, 8))
    made["year"] = _person(manager, "Ion", "Popescu", dt.date(1990, 1, 1), "year")
    made["other year"] = _person(manager, "Ion", "Popescu", dt.date(1991, 3, 7))
    made["unknown"] = _person(manager, "Ion", "Popescu")
    made["compound"] = _person(manager, "Ion", "Popescu-Ionescu", dt.date(1990, 9, 9))
    made["spelling"] = _person(manager, "Ion", "Popesku", DAY)
    made["spelling other day"] = _person(manager, "Ion", "Popesku", dt.date(1990, 5, 5))
    made["typo"] = _person(manager, "Ion", "Popestu", dt.date(1990, 7, 3))
    made["other"] = _person(manager, "Maria", "Popescu", DAY)
    made["stranger"] = _person(manager, "Olga", "Ivanova", DAY)
    elsewhere = make_user(Role.CASE_MANAGER)  # namesakes of another municipality
    for _ in range(3):
        _person(elsewhere, "Ion", "Popescu", DAY)
        _person(elsewhere, "Ion", "Popesku", DAY)
    return manager, made


@pytest.mark.django_db
def test_search_ranks_the_typed_date_first_among_more_namesakes_than_fit_the_page(namesakes):
    manager, made = namesakes
    found = queries.search_persons(manager, "Ion Popescu", birth_date=DAY, limit=10)
    assert [hit.person for hit in found[:3]] == [
        made["date"],  # the same name, the same date
        made["spelling"],  # another spelling, the same date
        made["swapped"],  # the same name, day and month swapped
    ]
    assert found[0].codes == ("name:same", "birth:date")
    assert found[1].codes == ("name:spelling", "birth:date")
    # Then the same name one digit off and known only by the year, before a similar name
    # with day and month swapped and the same name born on other days.
    assert {hit.person for hit in found[3:5]} == {made["digit"], made["year"]}
    assert found[5].person == made["typo"]
    assert found[5].codes == ("name:typo", "birth:swapped")
    # Then the same name without a date of birth (nothing contradicts it), then the same
    # name born on other days.
    assert found[6].person == made["unknown"]
    assert found[6].codes == ("name:same", "birth:unknown")
    assert {hit.codes for hit in found[7:]} == {("name:same", "birth:different")}
    assert made["other year"] not in [hit.person for hit in found]


@pytest.mark.django_db
def test_search_without_a_date_fills_the_page_with_the_exact_name(namesakes):
    manager, made = namesakes
    found = queries.search_persons(manager, "Popescu Ion", limit=10)
    assert len(found) == 10
    assert {hit.codes for hit in found} == {("name:same",)}
    everyone = queries.search_persons(manager, "Popescu Ion", limit=100)
    # Every namesake, the compound name among them, before the other spellings and names.
    assert [hit.codes for hit in everyone[:19]] == [("name:same",)] * 19
    assert made["compound"] in [hit.person for hit in everyone[:19]]
    assert {hit.person for hit in everyone[19:]} == {
        made["spelling"],
        made["spelling other day"],
        made["typo"],
    }


@pytest.mark.django_db
def test_search_finds_a_typo_when_other_persons_bear_the_typed_name():
    manager = make_user(Role.CASE_MANAGER)
    exact = [_person(manager, "Ion", "Popescu", dt.date(1980 + n, 1, 1)) for n in range(3)]
    # Written with a typo by another office.
    typo = _person(manager, "Ion", "Popestu", dt.date(1975, 5, 5))
    found = queries.search_persons(manager, "Ion Popescu", limit=10)
    assert {hit.person for hit in found[:3]} == set(exact)
    assert [hit.person for hit in found[3:]] == [typo]
    assert found[3].codes == ("name:typo",)
    # A typo in the search itself: no one bears the typed name, the namesakes are found.
    found = queries.search_persons(manager, "Ion Poepscu", limit=10)
    assert {hit.person for hit in found[:3]} == set(exact)


@pytest.mark.django_db
def test_a_short_page_ranks_like_the_whole_result(namesakes):
    """Stopping early must not change the ranking: every page is the head of the whole (and
    the namesakes of another municipality are never in it)."""
    manager, _made = namesakes
    municipality = manager.membership.municipality
    births = [
        None,
        (DAY, "day"),
        (dt.date(1990, 7, 3), "day"),
        (dt.date(1990, 3, 1), "month"),
        (dt.date(1990, 1, 1), "year"),
    ]
    for text in ("Ion Popescu", "Popescu", "Ion", "Ion Popesku", "Ion Popscu", "Popestu"):
        for birth in births:
            narrowing = {"birth_date": birth[0], "birth_date_precision": birth[1]} if birth else {}
            whole = queries.search_persons(manager, text, limit=100, **narrowing)
            assert whole, (text, birth)
            assert {hit.person.municipality_id for hit in whole} == {municipality.pk}
            for limit in (1, 2, 3, 5, 10, 15):
                page = queries.search_persons(manager, text, limit=limit, **narrowing)
                assert [hit.score for hit in page] == [hit.score for hit in whole[:limit]], (
                    text,
                    birth,
                    limit,
                )


@pytest.mark.django_db
def test_search_reads_only_the_exact_name_when_it_fills_the_page(
    namesakes, django_assert_num_queries
):
    manager, _made = namesakes
    manager.has_perm("people.list_person")  # the permission cache, as in a request
    with django_assert_num_queries(2):  # the namesakes' keys, then the persons shown
        found = queries.search_persons(manager, "Ion Popescu", limit=10)
    assert len(found) == 10
    with django_assert_num_queries(2):  # the same year is all that is compared
        found = queries.search_persons(
            manager, "Ion Popescu", birth_date=DAY, birth_date_precision="year", limit=10
        )
    assert {hit.codes for hit in found} == {("name:same", "birth:year")}
    # A typo: no exact name, so the names that match, then the persons of the best ones.
    with django_assert_num_queries(4):
        found = queries.search_persons(manager, "Ion Poepscu", limit=10)
    assert len(found) == 10


def _names_as_counted(municipality):
    return {
        (name.given_key, name.family_key, name.name_skeleton): name.persons
        for name in PersonName.objects.filter(municipality=municipality, persons__gt=0)
    }


def _names_of_the_persons(municipality):
    rows = (
        Person.objects.filter(municipality=municipality)
        .values_list("given_key", "family_key", "name_skeleton")
        .annotate(persons=Count("pk"))
        .order_by()
    )
    return {(given, family, skeletons): persons for given, family, skeletons, persons in rows}


@pytest.mark.django_db
def test_the_searched_names_follow_every_write():
    """The distinct names the search looks through are counted by the database itself:
    creating, importing (bulk inserts), renaming and merging keep them equal to the persons."""
    manager = make_user(Role.CASE_MANAGER)
    municipality = manager.membership.municipality
    first = _person(manager, "Ion", "Popescu", DAY)
    second = _person(manager, "Ion", "Popescu", dt.date(1980, 1, 1))
    imports.import_persons(
        acting_user=manager,
        municipality=municipality,
        filename="persons.csv",
        data="\n".join(
            [
                ";".join(imports.COLUMNS),
                "jobcenter;J-1;Ion;Popescu;;1970-02-02;;RO;;;;",
                "jobcenter;J-2;Maria;Ionescu;;1971-03-03;;RO;;;;",
            ]
        ).encode(),
    )
    assert _names_as_counted(municipality) == _names_of_the_persons(municipality)
    assert _names_as_counted(municipality)[("ion", "popescu", " psk ")] == 3
    renamed = people_services.update_person(
        acting_user=manager, person=second, expected_version=second.version, family_name="Lupu"
    )
    assert _names_as_counted(municipality) == _names_of_the_persons(municipality)
    assert [hit.person for hit in queries.search_persons(manager, "Ion Lupu")] == [renamed]
    people_services.merge_persons(acting_user=manager, survivor=renamed, other=first)
    assert _names_as_counted(municipality) == _names_of_the_persons(municipality)
    other = make_user(Role.CASE_MANAGER)  # another municipality's names are its own
    _person(other, "Ion", "Popescu")
    assert _names_as_counted(municipality) == _names_of_the_persons(municipality)
    assert queries.search_persons(other, "Ion Lupu") == []


@pytest.mark.django_db
def test_a_typed_particle_puts_the_name_as_typed_before_more_namesakes_without_it():
    """Al-Hassan typed: the Al-Hassans are the same name and come first, however many
    Hassans there are; a Hassan or an El Hassan is the name in another spelling."""
    manager = make_user(Role.CASE_MANAGER)
    for number in range(12):
        _person(manager, f"Ali{number}", "Hassan", dt.date(1980 + number, 1, 1))
    el = _person(manager, "Omar", "El Hassan", dt.date(1975, 5, 5))
    al = _person(manager, "Mohammed", "Al-Hassan", dt.date(1990, 1, 1))
    found = queries.search_persons(manager, "Al-Hassan", limit=10)
    assert found[0].person == al
    assert found[0].codes == ("name:same",)
    assert {hit.codes for hit in found[1:]} == {("name:spelling",)}
    assert len(found) == 10
    # Without the particle typed, every one of them bears the name.
    found = queries.search_persons(manager, "Hassan", limit=20)
    assert {hit.person for hit in found} >= {al, el}
    assert {hit.codes for hit in found} == {("name:same",)}


@pytest.mark.django_db
def test_names_of_equal_score_come_in_the_order_of_how_they_are_written():
    """ "El-Hasan" is another spelling of Al-Hassan and of Hasan: the one with a particle
    too comes first, then the one written most like it. Hüseyin has the skeleton too, but
    the letter ya makes it another name (حسين, not حسن): a similar name, after them."""
    manager = make_user(Role.CASE_MANAGER)
    for given, family in [("Hüseyin", "Demir"), ("Hasan", "Kaya"), ("Fatima", "Al-Hassan")]:
        _person(manager, given, family)
    found = queries.search_persons(manager, "El-Hasan")
    assert [str(hit.person) for hit in found] == [
        "Fatima Al-Hassan",
        "Hasan Kaya",
        "Hüseyin Demir",
    ]
    assert found[0].score == found[1].score > found[2].score
    assert [hit.codes[0] for hit in found] == ["name:spelling", "name:spelling", "name:typo"]
    # Without a particle typed, the name written most like the typed one: Hassan first.
    found = queries.search_persons(manager, "Hassan")
    assert [str(hit.person) for hit in found] == [
        "Fatima Al-Hassan",
        "Hasan Kaya",
        "Hüseyin Demir",
    ]


@pytest.mark.django_db
def test_a_date_known_to_the_month_ranks_above_the_rest_of_the_year():
    """Typed as a month (03.1990), the persons born in it come first; typed to the day, one
    known only to that month comes before one known only to the year. Each says why."""
    manager = make_user(Role.CASE_MANAGER)
    in_march = _person(manager, "Ion", "Popescu", dt.date(1990, 3, 20))
    march_only = _person(manager, "Ion", "Popescu", dt.date(1990, 3, 1), "month")
    for month in (1, 5, 11):
        _person(manager, "Ion", "Popescu", dt.date(1990, month, 20))
    year_only = _person(manager, "Ion", "Popescu", dt.date(1990, 1, 1), "year")
    march = {"birth_date": dt.date(1990, 3, 1), "birth_date_precision": "month"}
    found = queries.search_persons(manager, "Ion Popescu", limit=2, **march)
    assert {hit.person for hit in found} == {in_march, march_only}
    assert {hit.codes for hit in found} == {("name:same", "birth:month")}
    everyone = queries.search_persons(manager, "Ion Popescu", limit=10, **march)
    assert [hit.codes[1] for hit in everyone] == ["birth:month"] * 2 + ["birth:year"] * 4
    on_the_day = queries.search_persons(manager, "Ion Popescu", birth_date=DAY, limit=2)
    assert [hit.person for hit in on_the_day] == [march_only, year_only]
    assert [hit.codes[1] for hit in on_the_day] == ["birth:month", "birth:year"]
