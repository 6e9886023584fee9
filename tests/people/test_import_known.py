"""Rows whose source id is known: a person takes over what the source changed since it last
gave the record, and nothing else. Importing the same file again changes nothing, also
after a link to a known person, a correction made here or a merge."""

import datetime as dt
import json

import pytest

from lotse.people import import_known, imports, services
from lotse.people.models import Person, PersonSource, person_skeleton
from tests.people.test_import import ROWS, _csv, _english, _import, _state, manager

pytestmark = pytest.mark.django_db

__all__ = ["_english", "manager"]  # fixtures used here


def _person(external_id):
    return Person.objects.get(sources__external_id=external_id)


def test_a_linked_row_imported_again_changes_nothing(manager):
    """The row is linked to a person known here, whose values differ from it (another
    phone): they stay as they are, the first time and every time after; what the person
    lacked (a nationality) the first link filled once."""
    known = services.create_person(
        acting_user=manager,
        municipality=manager.membership.municipality,
        given_name="Fatima",
        family_name="Al-Hassan",
        birth_date=dt.date(1990, 3, 7),
        phone="0203 1111",
    )
    data = _csv(ROWS[0])
    assert _import(manager, data).linked == 1
    before = _state()
    again = _import(manager, data)
    assert (again.created, again.linked, again.updated, again.unchanged) == (0, 0, 0, 1)
    assert _state()[:4] == before[:4]
    known.refresh_from_db()
    assert (known.phone, known.nationality.code, known.version) == ("0203 1111", "SY", 2)


def test_the_digests_hold_no_value_in_clear(manager):
    _import(manager, _csv(*ROWS))
    source = PersonSource.objects.get(external_id="J-1")
    assert set(source.imported) == {*imports.PERSON_VALUES, import_known.ADDRESS}
    kept = json.dumps(source.imported, ensure_ascii=False)
    for value in ("Fatima", "Al-Hassan", "فاطمة الحسن", "1990-03-07", "0203 4711", "SY"):
        assert value not in kept
    for value in ("Friedrich-Ebert-Str. 12", "47179", "Duisburg"):
        assert value not in kept
    fatima = _person("J-1")
    values = {name: getattr(fatima, name) for name in imports.PERSON_VALUES}
    values["nationality"] = fatima.nationality.code
    home = fatima.household
    row = imports.Incoming(1, "jobcenter", "J-1", values, home.street, home.postcode, home.city)
    assert source.imported == import_known.digests(row)


def test_a_new_address_from_the_source_moves_the_person(manager):
    """A household whose members all move changes its address; a member who moves alone
    gets a household of the new address (shared with relatives moving with them); an
    address the source no longer gives, or one from before its digest, is kept."""
    family = [
        "jobcenter;J-1;Fatima;Al-Hassan;;1990-03-07;f;SY;Kaiserstr. 80;47169;Duisburg;",
        "jobcenter;J-2;Omar;Al-Hassan;;1988-01-02;m;SY;Kaiserstr. 80;47169;Duisburg;",
        "jobcenter;J-3;Lina;Kaya;;1991-05-06;f;TR;Weseler Str. 5;47169;Duisburg;",
        "jobcenter;J-4;Emre;Kaya;;1989-07-08;m;TR;Weseler Str. 5;47169;Duisburg;",
        "jobcenter;J-5;Ion;Popescu;;1985;m;RO;Bahnhofstr. 1;47051;Duisburg;",
    ]
    _import(manager, _csv(*family))
    home = _person("J-1").household
    moved = [row.replace("Kaiserstr. 80;47169", "Marktstr. 3;47051") for row in family[:2]] + [
        family[2].replace("Weseler Str. 5;47169", "Ruhrorter Str. 9;47119"),
        family[3],
    ]
    moved.append(family[4].replace("Bahnhofstr. 1;47051;Duisburg", ";;"))  # no address now
    report = _import(manager, _csv(*moved))
    assert (report.updated, report.unchanged) == (3, 2)
    home.refresh_from_db()
    assert (home.street, home.postcode, home.version) == ("Marktstr. 3", "47051", 2)
    assert _person("J-2").household == home
    lina, emre = _person("J-3"), _person("J-4")
    assert (lina.household.street, emre.household.street) == ("Ruhrorter Str. 9", "Weseler Str. 5")
    assert lina.version == 2
    assert _person("J-5").household.street == "Bahnhofstr. 1"
    assert _import(manager, _csv(*moved)).unchanged == 5
    # The same address written otherwise is no move.
    respelled = [row.replace("Marktstr. 3", "MARKTSTR 3") for row in moved]
    assert _import(manager, _csv(*respelled)).unchanged == 5
    home.refresh_from_db()
    assert (home.street, home.version, home.district) == ("Marktstr. 3", 2, "")
    # A source id from before the address's digest keeps the address until it changes.
    lina_source = PersonSource.objects.get(external_id="J-3")
    del lina_source.imported[import_known.ADDRESS]
    lina_source.save()
    back = [*moved[:2], family[2], *moved[3:]]
    assert _import(manager, _csv(*back)).updated == 0
    assert _person("J-3").household.street == "Ruhrorter Str. 9"


def test_an_address_written_here_before_the_source_gives_it_is_no_move(manager):
    """A case manager wrote the new address before the source gave it: the person stays in
    the household, which is not changed again, and the report counts the row unchanged, as
    its dry run does; the source's address is then the one it gave."""
    family = [
        "jobcenter;J-1;Fatima;Al-Hassan;;1990-03-07;f;SY;Kaiserstr. 80;47169;Duisburg;",
        "jobcenter;J-2;Omar;Al-Hassan;;1988-01-02;m;SY;Kaiserstr. 80;47169;Duisburg;",
    ]
    _import(manager, _csv(*family))
    home = _person("J-1").household
    services.update_household(
        acting_user=manager,
        household=home,
        expected_version=home.version,
        street="Marktstr. 3",
        postcode="47051",
    )
    moved = [row.replace("Kaiserstr. 80;47169", "MARKTSTR 3;47051") for row in family]
    moved[1] = moved[1].replace(";m;SY;", ";m;IQ;")  # and a value changed
    dry = _import(manager, _csv(*moved), dry_run=True)
    report = _import(manager, _csv(*moved))
    assert (dry.updated, dry.unchanged) == (report.updated, report.unchanged) == (1, 1)
    home.refresh_from_db()
    assert (home.street, home.version) == ("Marktstr. 3", 2)
    assert _person("J-1").household == _person("J-2").household == home
    assert _person("J-2").nationality.code == "IQ"
    assert _import(manager, _csv(*moved)).unchanged == 2


def test_each_row_of_a_known_person_counts_once(manager):
    """Two sources of one person give a new address, one of them a new nationality too: the
    person is updated once and the other row counts unchanged; rows that change nothing
    count unchanged each. Before, the second row counted nowhere."""
    _import(
        manager,
        _csv("jobcenter;J-1;Fatima;Al-Hassan;;1990-03-07;f;SY;Kaiserstr. 80;47169;Duisburg;"),
    )
    fatima = _person("J-1")
    _import(
        manager,
        _csv(
            "auslaenderbehoerde;A-1;Fatima;Al-Hassan;;1990-03-07;f;SY;Kaiserstr. 80;47169;Duisburg;"
        ),
    )
    assert _person("A-1") == fatima
    moved = [
        "jobcenter;J-1;Fatima;Al-Hassan;;1990-03-07;f;SY;Marktstr. 3;47051;Duisburg;",
        "auslaenderbehoerde;A-1;Fatima;Al-Hassan;;1990-03-07;f;IQ;Marktstr. 3;47051;Duisburg;",
    ]
    report = _import(manager, _csv(*moved))  # moved and changed: once
    assert (report.updated, report.unchanged) == (1, 1)
    report = _import(manager, _csv(*moved))  # the same again
    assert (report.updated, report.unchanged) == (0, 2)
    fatima.refresh_from_db()
    assert (fatima.household.street, fatima.nationality.code) == ("Marktstr. 3", "IQ")


def test_what_each_source_of_a_person_changed_is_taken_over(manager):
    """One source changes the nationality, another the phone and the given name: all three
    are taken over (before, only the later row's were, and the earlier's was lost for good,
    its digest being new); where both change one value, the later row's counts."""
    fatima = "jobcenter;J-1;Fatima;Al-Hassan;;1990-03-07;f;SY;Kaiserstr. 80;47169;Duisburg;"
    _import(manager, _csv(fatima, fatima.replace("jobcenter;J-1", "auslaenderbehoerde;A-1")))
    assert _person("A-1") == _person("J-1")
    rows = [
        fatima.replace(";f;SY;", ";f;IQ;"),
        fatima.replace("jobcenter;J-1;Fatima", "auslaenderbehoerde;A-1;Fatma").replace(
            ";Duisburg;", ";Duisburg;0203 4711"
        ),
    ]
    report = _import(manager, _csv(*rows))
    assert (report.updated, report.unchanged) == (1, 1)
    person = _person("J-1")
    assert (person.nationality.code, person.phone, person.given_name) == (
        "IQ",
        "0203 4711",
        "Fatma",
    )
    assert person.given_key == "fatma"
    assert _import(manager, _csv(*rows)).unchanged == 2
    later = [rows[0].replace(";f;IQ;", ";f;TR;"), rows[1].replace(";f;SY;", ";f;LB;")]
    _import(manager, _csv(*later))
    assert _person("J-1").nationality.code == "LB"


def test_a_name_corrected_here_keeps_its_keys_when_the_source_renames_the_other(manager):
    """A case manager corrects the family name; the source then changes the given name: the
    keys are made of the person's names after the update, the corrected family name
    among them (before, of the row's, with the family name as the source wrote it)."""
    _import(manager, _csv(*ROWS))
    ion = _person("J-2")
    services.update_person(
        acting_user=manager, person=ion, expected_version=ion.version, family_name="Popesco"
    )
    renamed = [row.replace(";Ion;", ";Ionel;") for row in ROWS]
    _import(manager, _csv(*renamed))
    ion.refresh_from_db()
    assert (ion.given_name, ion.family_name) == ("Ionel", "Popesco")
    assert (ion.given_key, ion.family_key) == ("ionel", "popesco")
    assert ion.name_skeleton == person_skeleton(
        ion.given_name, ion.family_name, ion.name_original, ion.other_names
    )


def test_a_correction_made_here_stays_when_the_same_file_comes_again(manager):
    _import(manager, _csv(*ROWS))
    ion = _person("J-2")
    services.update_person(
        acting_user=manager,
        person=ion,
        expected_version=ion.version,
        family_name="Popesco",
        phone="0170 1234567",
    )
    again = _import(manager, _csv(*ROWS))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    ion.refresh_from_db()
    assert (ion.family_name, ion.phone, ion.version) == ("Popesco", "0170 1234567", 2)


def test_what_the_source_changed_is_taken_over_and_nothing_else(manager):
    _import(manager, _csv(*ROWS))
    ion = _person("J-2")
    services.update_person(
        acting_user=manager, person=ion, expected_version=ion.version, phone="0170 1234567"
    )
    changed = _csv(ROWS[0], ROWS[1].replace(";1985;", ";1985-04-02;"), ROWS[2])
    report = _import(manager, changed)
    assert (report.updated, report.unchanged) == (1, 2)
    ion.refresh_from_db()
    assert (ion.birth_date, ion.birth_date_precision) == (dt.date(1985, 4, 2), "day")
    assert ion.phone == "0170 1234567"  # the source did not change it: the correction stays
    assert _import(manager, changed).unchanged == 3


def test_a_merged_persons_values_stay_when_a_source_gives_its_record_again(manager):
    """The merge kept the values of one record for some fields and of the other for others;
    the next import of either source changes none of them."""
    rows = [ROWS[0], "abh;A-1;Fatma;Alhasan;;1990-03-07;;;;;;0203 2222"]
    _import(manager, _csv(*rows))
    survivor, other = _person("J-1"), _person("A-1")
    services.merge_persons(
        acting_user=manager,
        survivor=survivor,
        other=other,
        take_from_other=["phone"],
    )
    survivor.refresh_from_db()
    merged = (survivor.given_name, survivor.family_name, survivor.phone)
    assert merged == ("Fatima", "Al-Hassan", "0203 2222")
    report = _import(manager, _csv(*rows))
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    survivor.refresh_from_db()
    assert (survivor.given_name, survivor.family_name, survivor.phone) == merged


def test_source_ids_from_before_the_digests_are_compared_with_the_person_once(manager):
    _import(manager, _csv(*ROWS))
    PersonSource.objects.update(imported={})  # as the migration leaves them
    fatima = _person("J-1")
    services.update_person(
        acting_user=manager, person=fatima, expected_version=fatima.version, phone="0203 9999"
    )
    report = _import(manager, _csv(*ROWS))
    assert (report.updated, report.unchanged) == (1, 2)  # the row's values, as before
    assert _person("J-1").phone == "0203 4711"
    assert all(source.imported for source in PersonSource.objects.all())
    assert _import(manager, _csv(*ROWS)).unchanged == 3


def test_a_source_is_one_whatever_the_case_of_its_letters(manager):
    """An export names its system Jobcenter, the next one JOBCENTER: the same records,
    updated, not a second person for each (they were new source ids before)."""
    assert _import(manager, _csv(ROWS[1])).created == 1
    renamed = ROWS[1].replace("jobcenter;", "JobCenter;", 1).replace(";;;;", ";;;;0203 77")
    again = _import(manager, _csv(renamed))
    assert (again.created, again.linked, again.updated) == (0, 0, 1)
    assert Person.objects.count() == PersonSource.objects.count() == 1
    assert _person("J-2").phone == "0203 77"


def test_one_id_under_two_spellings_of_its_source_is_refused(manager):
    report = _import(manager, _csv(ROWS[1], ROWS[1].replace("jobcenter;", "JOBCENTER;", 1)))
    assert [(e.row, e.column) for e in report.errors] == [(3, "external_id")]
    assert Person.objects.count() == 0


@pytest.mark.parametrize("source", ["İŞKUR", "Jobcenter Süd"])
def test_a_source_beyond_ascii_is_found_again(manager, source):
    """The sources are compared by one rule, not by the database's ``lower``, which depends
    on its locale (İ, or Ü in a C locale): the same file again finds its ids (it was
    refused by the unique constraint where the two rules differed)."""
    row = ROWS[1].replace("jobcenter;", f"{source};", 1)
    assert _import(manager, _csv(row)).created == 1
    again = _import(manager, _csv(row.replace(";;;;", ";;;;0203 77")))
    assert (again.created, again.updated) == (0, 1)
    shouted = _import(manager, _csv(row.upper().replace("İ", "İ").replace(";;;;", ";;;;0203 8")))
    assert (shouted.created, shouted.updated) == (0, 1)
    assert PersonSource.objects.count() == 1


def test_an_id_kept_under_two_spellings_updates_the_older(manager):
    """Ids imported before sources were compared whatever the case: two persons, one per
    spelling. A row names one of them the same way every time: the older."""
    _import(manager, _csv(ROWS[1]))
    other = services.create_person(
        acting_user=manager,
        municipality=manager.membership.municipality,
        given_name="Ion",
        family_name="Popescu",
    )
    PersonSource.objects.create(
        municipality=manager.membership.municipality,
        person=other,
        source="Jobcenter",
        external_id="J-2",
        imported={},
    )
    report = _import(manager, _csv(ROWS[1].upper().replace(";;;;", ";;;;0203 9")))
    assert (report.created, report.updated) == (0, 1)
    older = PersonSource.objects.order_by("pk").first().person
    older.refresh_from_db()
    assert older.phone == "0203 9"
    other.refresh_from_db()
    assert other.phone == ""
