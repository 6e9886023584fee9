"""What an imported row brings besides the person's names: the household of its address,
and the values a linked row fills where the known person lacks them."""

import datetime as dt

import pytest

from lotse.audit.events import EventType
from lotse.audit.models import AuditEvent
from lotse.people import queries, services
from lotse.people.models import Household, Person
from tests.people.test_import import _csv, _english, _import, _state, manager

pytestmark = pytest.mark.django_db

__all__ = ["_english", "manager"]  # fixtures used here


def test_rows_share_a_household_only_at_the_same_street(manager):
    """Rows of one family name at one street and postcode are a household; a city or
    postcode alone is no shared home (three Kaplans of Duisburg are not one family)."""
    _import(
        manager,
        _csv(
            "jobcenter;J-1;Emre;Kaplan;;1980;m;TR;Weseler Str. 5;47169;Duisburg;",
            "jobcenter;J-2;Elif;Kaplan;;1982;f;TR;weseler str. 5;47169;Duisburg;",
            "jobcenter;J-3;Can;Kaplan;;1975;m;TR;;;Duisburg;",
            "jobcenter;J-4;Aylin;Kaplan;;1977;f;TR;;;Duisburg;",
            "jobcenter;J-5;Deniz;Kaplan;;1990;d;TR;;;;",
        ),
    )
    households = dict(Person.objects.values_list("sources__external_id", "household_id"))
    assert households["J-1"] == households["J-2"]
    assert len({households["J-1"], households["J-3"], households["J-4"]}) == 3
    assert households["J-5"] is None
    assert Household.objects.get(pk=households["J-4"]).city == "Duisburg"


def test_a_linked_row_fills_what_its_person_lacks_and_keeps_what_it_has(manager):
    """A link loses nothing: the name in its script, nationality, gender, phone and address
    a known person lacks are taken from the linked row; what the person has stays."""
    municipality = manager.membership.municipality
    bare, called = (
        services.create_person(
            acting_user=manager,
            municipality=municipality,
            given_name=given,
            family_name="Al-Hassan",
            birth_date=dt.date(1990, 3, 7),
            phone=phone,
        )
        for given, phone in (("Fatima", ""), ("Omar", "0203 1"))
    )
    rows = [
        "abh;A-7;Fatima;Al-Hassan;فاطمة الحسن;1990-03-07;f;SY;Kaiserstr. 80;47169;Duisburg;0170 2",
        "abh;A-8;Omar;Al-Hassan;;1990-03-07;m;;;;;0170 3",
    ]
    report = _import(manager, _csv(*rows))
    assert (report.linked, report.created) == (2, 0)
    bare.refresh_from_db()
    assert (bare.name_original, bare.gender, bare.nationality.code, bare.phone) == (
        "فاطمة الحسن",
        "female",
        "SY",
        "0170 2",
    )
    assert (bare.household.street, bare.household.postcode, bare.version) == (
        "Kaiserstr. 80",
        "47169",
        2,
    )
    assert [p.person for p in queries.search_persons(manager, "فاطمة")] == [bare]
    called.refresh_from_db()
    assert (called.phone, called.gender, called.household_id) == ("0203 1", "male", None)
    filled = AuditEvent.objects.filter(
        event_type=EventType.PERSON_UPDATED, target_id=str(bare.pk), changes__has_key="phone"
    ).get()
    assert filled.changes["phone"] == [None, "0170 2"]
    assert filled.changes["household"] == [None, str(bare.household_id)]
    before = _state()
    assert _import(manager, _csv(*rows)).unchanged == 2
    assert _state()[:4] == before[:4]  # only the import itself is audited
