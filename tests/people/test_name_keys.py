"""Stored name keys: made again by migrations 0015 and 0018 with the current rules, and
bounded."""

import importlib

import pytest
from django.apps import apps

from lotse.accounts.enums import Role
from lotse.people import imports, queries, rekeying
from lotse.people import services as people_services
from lotse.people.models import Person, PersonName
from lotse.people.names import KEY_LENGTH
from tests.factories import make_user

MIGRATIONS = ("0015_keys_of_other_scripts", "0018_keys_of_arabic_words")


@pytest.mark.django_db
@pytest.mark.parametrize("name", MIGRATIONS)
def test_the_keys_stored_before_are_made_again(monkeypatch, name):
    migration = importlib.import_module(f"lotse.people.migrations.{name}")
    monkeypatch.setattr(rekeying, "_PART", 1)  # part by part
    manager = make_user(Role.CASE_MANAGER)
    municipality = manager.membership.municipality
    olga = people_services.create_person(
        acting_user=manager, municipality=municipality, given_name="Ольга", family_name="Кръстева"
    )
    jussuf = people_services.create_person(
        acting_user=manager, municipality=municipality, given_name="Jussuf", family_name="Haddad"
    )
    # As the keys and skeletons were stored before (the soft sign split the word; a j was
    # no y).
    Person.objects.filter(pk=olga.pk).update(
        given_key="ol ga", family_key="kr steva", name_skeleton=" l g krstv "
    )
    Person.objects.filter(pk=jussuf.pk).update(name_skeleton=" js hd ")
    assert not queries.search_persons(manager, "Yusuf Haddad")
    # The article glued to an Arabic name (0018): Khatib did not find الخطيب.
    khalid = people_services.create_person(
        acting_user=manager,
        municipality=municipality,
        given_name="Khalid",
        family_name="Haddad",
        name_original="خالد الخطيب",
    )
    Person.objects.filter(pk=khalid.pk).update(name_skeleton=" hld hd hldlhtb lhtb ")
    assert not queries.search_persons(manager, "Khatib")

    migration.make_again(apps, None)

    olga.refresh_from_db()
    assert (olga.given_key, olga.family_key) == ("olga", "krsteva")
    assert [hit.person for hit in queries.search_persons(manager, "Olga Krasteva")] == [olga]
    assert [hit.person for hit in queries.search_persons(manager, "Yusuf Haddad")] == [jussuf]
    assert [hit.person for hit in queries.search_persons(manager, "Khatib")] == [khalid]
    # The distinct names follow (the person table's triggers).
    assert PersonName.objects.filter(given_key="olga", persons=1).exists()
    assert not PersonName.objects.filter(given_key="ol ga", persons__gt=0).exists()


@pytest.mark.django_db
def test_a_long_name_in_another_script_is_imported_and_found():
    """150 letters Щ are 600 Latin letters: the key holds the first 150 (it overflowed the
    column on PostgreSQL and failed the import)."""
    manager = make_user(Role.CASE_MANAGER)
    header = ";".join(imports.COLUMNS)
    row = f"jc;1;{'Щ' * 150};Petrova;;1990-01-02;;;;;;"
    report = imports.import_persons(
        acting_user=manager,
        municipality=manager.membership.municipality,
        filename="long.csv",
        data=f"{header}\n{row}".encode(),
    )
    assert (report.ok, report.created) == (True, 1)
    person = Person.objects.get(family_name="Petrova")
    assert len(person.given_key) == KEY_LENGTH
    assert [hit.person for hit in queries.search_persons(manager, "Petrova")] == [person]
