"""The warning at intake looks through the distinct names, as the search does: it must offer
the persons that scoring everyone with ``matching.compare`` would offer, however many
namesakes there are."""

import datetime as dt

import pytest
from django.utils import translation

from lotse.accounts.enums import Role
from lotse.people import matching, queries
from lotse.people import services as people_services
from lotse.people.models import Person, person_skeleton
from lotse.people.names import name_key
from tests.factories import make_user
from tests.people.test_search import DAY, _person


@pytest.fixture
def known():
    """Namesakes born on many days, other spellings, relatives and strangers."""
    manager = make_user(Role.CASE_MANAGER)
    for month in range(1, 13):
        _person(manager, "Ion", "Popescu", dt.date(1990, month, 20))
    _person(manager, "Ion", "Popescu", DAY)
    _person(manager, "Ion", "Popescu", dt.date(1990, 7, 3))  # day and month swapped
    _person(manager, "Ion", "Popescu", dt.date(1990, 3, 8))  # one digit off
    _person(manager, "Ion", "Popescu", dt.date(1990, 1, 1), "year")
    _person(manager, "Ion", "Popescu", dt.date(1991, 3, 7))
    _person(manager, "Ion", "Popescu")
    _person(manager, "Ion", "Popesku", DAY)
    _person(manager, "Ion", "Popesku", dt.date(1990, 5, 5))
    _person(manager, "Ion", "Popestu", dt.date(1990, 7, 3))
    _person(manager, "Popescu", "Ion", dt.date(1985, 1, 2))  # written the other way round
    _person(manager, "Maria", "Popescu", DAY)
    _person(manager, "Olga", "Ivanova", DAY)  # a stranger born the same day
    _person(manager, "Ghita", "Ionescu", DAY)
    elsewhere = make_user(Role.CASE_MANAGER)  # never offered: another municipality
    _person(elsewhere, "Ion", "Popescu", DAY)
    return manager


def _scoring_everyone(manager, wanted, limit):
    """The scores the warning must give: every person of the municipality compared."""
    scores = []
    persons = Person.objects.filter(municipality=manager.membership.municipality)
    for person in persons:
        record = matching.Record(
            person.given_key,
            person.family_key,
            person.name_skeleton,
            person.birth_date,
            person.birth_date_precision,
        )
        score = matching.compare(wanted, record).score
        if score >= queries.MATCH_THRESHOLD:
            scores.append(score)
    return sorted(scores, reverse=True)[:limit]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("given", "family"),
    [
        ("Ion", "Popescu"),
        ("Ion", "Popesku"),
        ("Popescu", "Ion"),
        ("Ioan", "Popescu"),
        ("Ion", "Poepscu"),
        ("Olga", "Ivanova"),
        ("Ghita", "Ionescu"),
        ("Иван", "Попеску"),
    ],
)
def test_the_warning_offers_what_scoring_everyone_offers(known, given, family):
    births = [
        (None, "day"),
        (DAY, "day"),
        (dt.date(1990, 7, 3), "day"),
        (dt.date(1990, 3, 8), "day"),
        (dt.date(1990, 6, 1), "year"),
        (dt.date(1985, 2, 1), "day"),
    ]
    for birth, precision in births:
        for limit in (1, 3, 5, 30):
            found = queries.possible_duplicates(
                known,
                given_name=given,
                family_name=family,
                birth_date=birth,
                birth_date_precision=precision,
                limit=limit,
            )
            wanted = matching.Record(name_key(given), name_key(family), "", birth, precision)
            expected = _scoring_everyone(known, wanted, limit)
            assert [match.score for match in found] == pytest.approx(expected), (
                birth,
                precision,
                limit,
            )
            assert {match.person.municipality_id for match in found} <= {
                known.membership.municipality_id
            }


@pytest.mark.django_db
def test_the_warning_reads_few_queries_however_many_namesakes(known, django_assert_num_queries):
    known.has_perm("people.list_person")  # the permission cache, as in a request
    # The persons born that day (or swapped), the names, the persons of the names borne by
    # few, the best persons of the name borne by many, and the persons offered.
    with django_assert_num_queries(5):
        found = queries.possible_duplicates(
            known, given_name="Ion", family_name="Popescu", birth_date=DAY
        )
    # The same name and another spelling weigh alike: both born that day come first.
    assert {(match.person.family_name, match.person.birth_date) for match in found[:2]} == {
        ("Popescu", DAY),
        ("Popesku", DAY),
    }
    assert found[2].score < found[1].score


@pytest.mark.django_db
def test_the_true_duplicate_is_offered_among_thousands_of_namesakes():
    """More namesakes born in the year than any number of candidates fetched at once: the
    one born on the typed day is still offered first."""
    manager = make_user(Role.CASE_MANAGER)
    municipality = manager.membership.municipality
    skeletons = person_skeleton("Ion", "Popescu")
    Person.objects.bulk_create(
        [
            Person(
                municipality=municipality,
                given_name="Ion",
                family_name="Popescu",
                given_key="ion",
                family_key="popescu",
                name_skeleton=skeletons,
                birth_date=dt.date(1990, 1, 1) + dt.timedelta(days=n % 365),
            )
            for n in range(6000)
            if dt.date(1990, 1, 1) + dt.timedelta(days=n % 365) not in (DAY, dt.date(1990, 7, 3))
        ],
        batch_size=1000,
    )
    true = _person(manager, "Ion", "Popescu", DAY)
    found = queries.possible_duplicates(
        manager, given_name="Ion", family_name="Popesku", birth_date=DAY
    )
    assert found[0].person == true
    assert found[0].evidence.codes == ["name:spelling", "birth:date"]
    assert len(found) == 5


@pytest.mark.django_db
def test_the_warning_knows_the_other_names_of_a_person():
    """Elena Popescu, née Ionescu: an intake of "Elena Ionescu" (the name the Jobcenter
    knows) is offered her; so is a name in the script of her papers."""
    manager = make_user(Role.CASE_MANAGER)
    municipality = manager.membership.municipality
    elena = _person(manager, "Elena", "Popescu", DAY)
    people_services.update_person(
        acting_user=manager,
        person=elena,
        expected_version=elena.version,
        other_names="Elena Ionescu",
    )
    olena = people_services.create_person(
        acting_user=manager,
        municipality=municipality,
        given_name="Lena",
        family_name="Bondar",
        name_original="Олена Коваленко",
        birth_date=DAY,
    )
    [match] = queries.possible_duplicates(manager, given_name="Elena", family_name="Ionescu")
    assert match.person == elena
    matches = queries.possible_duplicates(
        manager, given_name="Olena", family_name="Kovalenko", birth_date=DAY
    )
    assert matches[0].person == olena
    with translation.override("en"):
        assert matches[0].reason == "same name, same date of birth"


@pytest.mark.django_db
def test_a_maiden_name_of_one_word_is_taken_with_the_given_name():
    """ "Ionescu" alone in also known as: the maiden name of Elena Popescu."""
    manager = make_user(Role.CASE_MANAGER)
    elena = _person(manager, "Elena", "Popescu", DAY)
    people_services.update_person(
        acting_user=manager, person=elena, expected_version=elena.version, other_names="Ionescu"
    )
    [match] = queries.possible_duplicates(manager, given_name="Elena", family_name="Ionescu")
    assert match.person == elena


@pytest.mark.django_db
def test_the_warning_sees_typos_in_both_names_with_the_year_of_birth():
    """Both names near, neither agreeing, and only the year of birth: the warning's weight
    is reached (``intake_names.reachable``); without a date of birth it is not."""
    manager = make_user(Role.CASE_MANAGER)
    person = _person(manager, "Kristina", "Ivanova", dt.date(1985, 3, 7))
    typed = {"given_name": "Kristima", "family_name": "Ivanoma"}
    found = queries.possible_duplicates(
        manager, birth_date=dt.date(1985, 1, 1), birth_date_precision="year", **typed
    )
    assert [(match.person, match.evidence.name) for match in found] == [(person, "typo")]
    assert queries.possible_duplicates(manager, **typed) == []
