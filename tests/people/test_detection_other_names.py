"""The bulk detection and the import compare a person also by their other names (the name in
its script, a maiden name): Elena Popescu, née Ionescu, and a record of Elena Ionescu are a
pair, once, with the persons counted once; the command's CSV says the same; an imported
row is queued with her, never linked by a name she no longer bears. An imported row is
compared under the name in its script (``name_original``) too."""

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command

from lotse.accounts.enums import Role
from lotse.core import forked
from lotse.people import duplicates, imports, loading, services
from lotse.people.models import DuplicatePair
from tests.factories import make_user

pytestmark = pytest.mark.django_db

BORN = dt.date(1984, 6, 12)


@pytest.fixture
def elena():
    manager = make_user(Role.CASE_MANAGER)
    municipality = manager.membership.municipality

    def person(given, family, **extra):
        return services.create_person(
            acting_user=manager,
            municipality=municipality,
            given_name=given,
            family_name=family,
            birth_date=BORN,
            **extra,
        )

    married = person("Elena", "Popescu", other_names="Ionescu")
    maiden = person("Elena", "Ionescu")
    # Nobody else's name, nor hers in another script: no pair of her own records.
    person("Oksana", "Shevchenko", name_original="Оксана Шевченко")
    return {"manager": manager, "municipality": municipality, "married": married, "maiden": maiden}


def test_a_maiden_name_makes_the_pair_once_and_the_persons_count_once(elena):
    summary = services.detect_duplicates(
        acting_user=elena["manager"], municipality=elena["municipality"]
    )
    assert (summary.persons, summary.found, summary.new) == (3, 1, 1)
    pair = DuplicatePair.objects.get()
    assert {pair.first_id, pair.second_id} == {elena["married"].pk, elena["maiden"].pk}
    assert {"name:same", "other_name"} <= set(pair.evidence)  # by her maiden name
    # Without the other names the two have only a given name and a day in common.
    _pks, records = loading.load_records(elena["municipality"].pk)
    [alone] = duplicates.find_pairs(records).candidates
    assert alone.evidence.name == "partial"
    assert pair.score > round(alone.evidence.score, 4)


def test_the_records_under_other_names_carry_the_persons_id(elena):
    pks, records, persons = loading.load_people(elena["municipality"].pk)
    assert persons == 3
    extra = [(str(pks[index]), records[index].family) for index in range(persons, len(records))]
    # The maiden name; Oksana's name in Cyrillic has the keys of her own name.
    assert extra == [(str(elena["married"].pk), "ionescu")]


def test_the_csv_lists_the_pair_of_persons_once(elena):
    out = io.StringIO()
    call_command(
        "find-duplicates", municipality=elena["municipality"].slug, format="csv", stdout=out
    )
    rows = list(csv.reader(io.StringIO(out.getvalue())))[1:]
    assert len(rows) == 1
    assert {rows[0][1], rows[0][3]} == {str(elena["married"].pk), str(elena["maiden"].pk)}


@pytest.mark.parametrize("possible", [True, False])
def test_an_imported_row_of_her_maiden_name_is_queued_with_her_not_linked(monkeypatch, possible):
    """The same name written the same and the same day, but a maiden name: it may be another
    woman's name now, so the row is queued with her, not linked. On PostgreSQL both with
    the forked matcher and without."""
    monkeypatch.setattr(forked, "possible", lambda: possible)
    manager = make_user(Role.CASE_MANAGER)
    municipality = manager.membership.municipality
    married = services.create_person(
        acting_user=manager,
        municipality=municipality,
        given_name="Elena",
        family_name="Popescu",
        birth_date=BORN,
        other_names="Ionescu",
    )
    header = ";".join(imports.COLUMNS)
    report = imports.import_persons(
        acting_user=manager,
        municipality=municipality,
        filename="f.csv",
        data="\n".join([header, "jc;1;Elena;Ionescu;;1984-06-12;;;;;;"]).encode(),
    )
    assert (report.linked, report.queued, report.created) == (0, 1, 1)
    pair = DuplicatePair.objects.get()
    assert married.pk in (pair.first_id, pair.second_id)
    assert {"name:same", "birth:date", "other_name"} <= set(pair.evidence)


def _import(municipality, user, *rows):
    header = ";".join(imports.COLUMNS)
    report = imports.import_persons(
        acting_user=user,
        municipality=municipality,
        filename="f.csv",
        data="\n".join([header, *rows]).encode(),
    )
    assert report.ok
    return report


@pytest.mark.parametrize("possible", [True, False])
@pytest.mark.parametrize("original", ["Олександр Шевченко", ""])
def test_an_imported_row_is_compared_under_the_name_in_its_script(monkeypatch, possible, original):
    """A row written with a name used here ("Alex Miller") whose name in its script is a
    known person's ("Олександр Шевченко" reads "oleksandr shevchenko") is queued with that
    person, as found under another name, never linked; without it, the names are strangers.
    On PostgreSQL both with the forked matcher and without."""
    monkeypatch.setattr(forked, "possible", lambda: possible)
    manager = make_user(Role.CASE_MANAGER)
    municipality = manager.membership.municipality
    _import(municipality, manager, "kim;1;Oleksandr;Shevchenko;;1984-06-12;;;;;;")
    report = _import(municipality, manager, f"jc;1;Alex;Miller;{original};1984-06-12;;;;;;")
    if not original:
        assert (report.linked, report.queued, report.created) == (0, 0, 1)
        assert not DuplicatePair.objects.exists()
        return
    assert (report.linked, report.queued, report.created) == (0, 1, 1)
    pair = DuplicatePair.objects.get()
    names = {pair.first.family_name, pair.second.family_name}
    assert names == {"Shevchenko", "Miller"}
    assert {"name:same", "birth:date", "other_name"} <= set(pair.evidence)


@pytest.mark.parametrize("possible", [True, False])
def test_a_row_and_its_own_name_in_its_script_are_no_pair(monkeypatch, possible):
    """A new row meets its own record under the name in its script in every block: that is
    no pair (and no person paired with itself); two rows of one person, one written in its
    script only, are."""
    monkeypatch.setattr(forked, "possible", lambda: possible)
    manager = make_user(Role.CASE_MANAGER)
    municipality = manager.membership.municipality
    report = _import(
        municipality, manager, "jc;1;Oleksandr;Schewtschenko;Олександр Шевченко;1984-06-12;;;;;;"
    )
    assert (report.linked, report.queued, report.created) == (0, 0, 1)
    report = _import(
        municipality,
        manager,
        "ab;7;Alex;Miller;Олександр Шевченко;1984-06-12;;;;;;",
        "ab;8;Oleksandr;Shevchenko;;1984-06-12;;;;;;",
    )
    assert report.created == 2
    pairs = [(pair.first, pair.second) for pair in DuplicatePair.objects.all()]
    assert all(first.pk != second.pk for first, second in pairs)
    named = {frozenset({first.family_name, second.family_name}) for first, second in pairs}
    assert frozenset({"Miller", "Shevchenko"}) in named


@pytest.mark.parametrize("possible", [True, False])
def test_a_row_written_as_a_known_person_is_linked_whatever_its_script_reads(monkeypatch, possible):
    """The name written the same and the same day is a certain match, also where the row's
    name in its script reads otherwise ("Schewtschenko" as German offices write it,
    "Шевченко" read "shevchenko"): its evidence under the own name wins over the same
    score under the other name, which is never certain. Two such rows of a new person in
    one file are one person as well."""
    monkeypatch.setattr(forked, "possible", lambda: possible)
    manager = make_user(Role.CASE_MANAGER)
    municipality = manager.membership.municipality
    _import(municipality, manager, "kim;1;Oleksandr;Schewtschenko;;1984-06-12;;;;;;")
    report = _import(
        municipality,
        manager,
        "jc;1;Oleksandr;Schewtschenko;Олександр Шевченко;1984-06-12;;;;;;",
        "jc;2;Olena;Schewtschenko;Олена Шевченко;1986-02-03;;;;;;",
        "ab;2;Olena;Schewtschenko;Олена Шевченко;1986-02-03;;;;;;",
    )
    assert (report.linked, report.queued, report.created) == (2, 0, 1)
    assert not DuplicatePair.objects.exists()
