import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from lotse.accounts.enums import Role
from lotse.core.concurrency import ConflictError
from lotse.people import queries, services
from lotse.people.enums import DatePrecision, LifeStage
from lotse.people.models import Person
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_manager():
    return make_user(Role.CASE_MANAGER)


def _person(user, **fields):
    return services.create_person(
        acting_user=user, municipality=user.membership.municipality, **fields
    )


def test_life_stage_from_a_year_only_birth_date(case_manager):
    today = dt.date.today()  # noqa: DTZ011
    child = _person(
        case_manager,
        given_name="Mia",
        family_name="Kaya",
        birth_date=dt.date(today.year - 4, 1, 1),
        birth_date_precision=DatePrecision.YEAR,
    )
    senior = _person(
        case_manager,
        given_name="Ion",
        family_name="Popa",
        birth_date=dt.date(today.year - 70, 1, 1),
        birth_date_precision=DatePrecision.YEAR,
    )
    unknown = _person(case_manager, given_name="X", family_name="Y")
    assert child.life_stage == LifeStage.KITA
    assert senior.life_stage == LifeStage.SENIOR
    assert unknown.life_stage == LifeStage.UNKNOWN
    assert child.birth_date_display == str(today.year - 4)


@pytest.mark.parametrize(
    ("age", "stage"),
    [
        (5, LifeStage.KITA),
        (6, LifeStage.SCHOOL),
        (15, LifeStage.SCHOOL),
        (16, LifeStage.YOUNG_ADULT),
        (26, LifeStage.YOUNG_ADULT),
        (27, LifeStage.WORKING_AGE),
        (66, LifeStage.WORKING_AGE),
        (67, LifeStage.SENIOR),
    ],
)
def test_life_stage_bounds(case_manager, age, stage):
    today = dt.date.today()  # noqa: DTZ011
    born = today.replace(year=today.year - age) - dt.timedelta(days=1)
    person = _person(case_manager, given_name="A", family_name="B", birth_date=born)
    assert person.life_stage == stage


def test_birth_after_arrival_is_refused_and_nothing_saved(case_manager):
    with pytest.raises(ValidationError) as error:
        _person(
            case_manager,
            given_name="A",
            family_name="B",
            birth_date=dt.date(2000, 1, 1),
            arrival_date=dt.date(1999, 1, 1),
        )
    assert "arrival_date" in error.value.message_dict
    assert Person.objects.count() == 0


@pytest.mark.parametrize(
    ("born", "precision"),
    [(dt.date(1899, 12, 31), DatePrecision.DAY), (dt.date(1899, 1, 1), DatePrecision.YEAR)],
)
def test_birth_before_1900_is_refused_and_nothing_saved(case_manager, born, precision):
    """The services' check of a date given or changed (the forms and the API refuse it
    earlier, with the same rule)."""
    with pytest.raises(ValidationError) as error:
        _person(
            case_manager,
            given_name="A",
            family_name="B",
            birth_date=born,
            birth_date_precision=precision,
        )
    assert [e.code for e in error.value.error_dict["birth_date"]] == ["too_early"]
    assert Person.objects.count() == 0


def test_unknown_residence_status_is_refused_and_nothing_saved(case_manager):
    with pytest.raises(ValidationError):
        _person(case_manager, given_name="A", family_name="B", residence_status="space_visa")
    assert Person.objects.count() == 0


def test_residence_history_closes_the_previous_status(case_manager):
    person = _person(case_manager, given_name="Olena", family_name="Koval")
    services.set_residence_status(
        acting_user=case_manager,
        person=person,
        status="temporary_protection",
        valid_from=dt.date(2022, 4, 1),
        legal_basis="§ 24 AufenthG",
    )
    services.set_residence_status(
        acting_user=case_manager,
        person=person,
        status="residence_permit",
        valid_from=dt.date(2025, 3, 1),
        legal_basis="§ 25 Abs. 2 AufenthG",
    )
    history = list(person.residence_history.order_by("valid_from"))
    assert [(r.status, r.valid_until) for r in history] == [
        ("temporary_protection", dt.date(2025, 2, 28)),
        ("residence_permit", None),
    ]


def test_stale_update_is_refused_and_names_the_changed_fields(case_manager):
    person = _person(case_manager, given_name="Ion", family_name="Popescu")
    first = Person.objects.get(pk=person.pk)
    second = Person.objects.get(pk=person.pk)
    services.update_person(
        acting_user=case_manager, person=first, expected_version=1, phone="0203 111"
    )
    with pytest.raises(ConflictError) as conflict:
        services.update_person(
            acting_user=case_manager, person=second, expected_version=1, phone="0203 222"
        )
    assert [c.field for c in conflict.value.conflicts] == ["phone"]
    assert conflict.value.conflicts[0].current == "0203 111"
    person.refresh_from_db()
    assert (person.phone, person.version) == ("0203 111", 2)


def test_parallel_writers_with_the_same_version_exactly_one_wins(transactional_db):
    user = make_user(Role.CASE_MANAGER)
    person = _person(user, given_name="Ion", family_name="Popescu")
    barrier = threading.Barrier(2)
    outcomes = []

    def write(phone):
        try:
            target = Person.objects.get(pk=person.pk)
            barrier.wait(timeout=10)
            services.update_person(acting_user=user, person=target, expected_version=1, phone=phone)
            outcomes.append("saved")
        except ConflictError:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(p,)) for p in ("111", "222")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["conflict", "saved"]
    person.refresh_from_db()
    assert person.version == 2


@pytest.mark.parametrize(
    ("given", "family", "found"),
    [
        ("Ion", "Popesku", True),  # a typo
        ("Popescu", "Ion", True),  # given and family name swapped
        ("ION", "POPESCU", True),  # case
        ("Ioana", "Lupu", False),  # somebody else
    ],
)
def test_possible_duplicates(case_manager, given, family, found):
    _person(case_manager, given_name="Ion", family_name="Popescu", birth_date=dt.date(1985, 5, 3))
    matches = queries.possible_duplicates(
        case_manager,
        given_name=given,
        family_name=family,
        birth_date=dt.date(1985, 1, 1),
        birth_date_precision="year",
    )
    assert bool(matches) == found


def test_diacritics_do_not_hide_a_duplicate(case_manager):
    _person(case_manager, given_name="Ştefan", family_name="Dumitraşcu")
    matches = queries.possible_duplicates(
        case_manager, given_name="Stefan", family_name="Dumitrascu"
    )
    assert [m.person.given_name for m in matches] == ["Ştefan"]


def test_duplicates_are_searched_only_in_the_own_municipality(case_manager):
    stranger = make_user(Role.CASE_MANAGER)
    _person(stranger, given_name="Ion", family_name="Popescu")
    assert queries.possible_duplicates(case_manager, given_name="Ion", family_name="Popescu") == []
