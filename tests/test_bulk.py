"""``core.bulk.insert`` (COPY on PostgreSQL, ``bulk_create`` elsewhere) stores what saving
each record would store: the given values, prepared where Django prepares them, and the
defaults of the fields not given."""

import datetime as dt
import json
import uuid

import pytest
from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict

from lotse.audit.models import AuditEvent
from lotse.core import bulk
from lotse.people.models import Household, Person
from lotse.tenancy.models import OpeningHours
from tests.factories import MunicipalityFactory, SiteFactory


@pytest.mark.django_db
def test_inserted_persons_are_stored_as_saved_ones():
    municipality = MunicipalityFactory()
    household = {"id": uuid.uuid4(), "municipality_id": municipality.pk, "name": "Popescu"}
    bulk.insert(Household, [household])
    values = {
        "municipality_id": municipality.pk,
        "household_id": household["id"],
        "given_name": "Ion",
        "family_name": "Popescu",
        "given_key": "ion",
        "family_key": "popescu",
        "birth_date": dt.date(1985, 4, 2),
        "birth_date_precision": "day",
        "gender": "male",
        "nationality": "RO",
        "phone": "0203 123456",
    }
    inserted = [{"id": uuid.uuid4(), **values}, {"id": uuid.uuid4(), **values, "nationality": ""}]
    bulk.insert(Person, inserted)
    saved = Person.objects.create(**values)
    for row in inserted:
        person = Person.objects.get(pk=row["id"])
        assert person.nationality.code == row["nationality"]
        assert abs(person.updated_at - person.created_at) < dt.timedelta(seconds=1)
        expected = model_to_dict(saved, exclude=["id", "nationality"])
        assert model_to_dict(person, exclude=["id", "nationality"]) == expected
    assert Household.objects.get(pk=household["id"]).city == ""


@pytest.mark.django_db
def test_inserted_audit_entries_keep_each_rows_values():
    """One context object given to every row, and changes of their own per row."""
    municipality = MunicipalityFactory()
    context = {"import": "file", "rows": 3}
    now = dt.datetime(2026, 11, 26, 6, 0, tzinfo=dt.UTC)
    rows = [
        {
            "occurred_at": now,
            "event_type": "person.created",
            "municipality_id": municipality.pk,
            "target_type": "people.person",
            "target_id": str(number),
            "changes": {"given_name": [None, f"Name {number}"]},
            "context": context if number != 1 else {"import": "other"},
        }
        for number in range(3)
    ]
    bulk.insert(AuditEvent, rows)
    stored = {event.target_id: event for event in AuditEvent.objects.filter(target_id__in="012")}
    for number, row in enumerate(rows):
        event = stored[str(number)]
        assert event.changes == row["changes"]
        assert event.context == row["context"]
        assert event.actor_id is None
        assert event.actor_label == ""


@pytest.mark.django_db
def test_inserted_json_is_read_back_as_saved_json():
    """Text in any script, nested values and keys that are not text (they become text, as
    the standard library writes them) come back as from a saved entry."""
    municipality = MunicipalityFactory()
    changes = {
        "family_name": [None, "Ștefănescu – فاطمة"],
        "languages": [None, [{"ar": "C1"}, {"de": "A2"}]],
        7: [None, 1.5],
        "deceased": [False, None],
    }
    values = {
        "occurred_at": dt.datetime(2026, 11, 26, 6, 0, tzinfo=dt.UTC),
        "event_type": "person.created",
        "municipality_id": municipality.pk,
        "target_type": "people.person",
        "changes": changes,
        "context": {"file": "Liste Ü.csv"},
    }
    bulk.insert(AuditEvent, [{**values, "target_id": "inserted"}])
    AuditEvent.objects.create(**values, target_id="saved")
    inserted = AuditEvent.objects.get(target_id="inserted")
    saved = AuditEvent.objects.get(target_id="saved")
    assert inserted.changes == saved.changes == json.loads(json.dumps(changes))
    assert inserted.context == saved.context == {"file": "Liste Ü.csv"}


@pytest.mark.django_db
def test_columns_without_a_binary_form_are_copied_as_text():
    """Times have no binary form here: the COPY of such a table is text, and stores the
    same as saving."""
    site = SiteFactory()
    rows = [
        {
            "site_id": site.pk,
            "kind": "office",
            "weekday": day,
            "opens": dt.time(8, 30),
            "closes": dt.time(12, 15),
        }
        for day in range(3)
    ]
    bulk.insert(OpeningHours, rows)
    stored = OpeningHours.objects.filter(site=site).order_by("weekday")
    assert [(h.weekday, h.opens, h.closes) for h in stored] == [
        (day, dt.time(8, 30), dt.time(12, 15)) for day in range(3)
    ]


@pytest.mark.django_db
def test_background_writes_in_order_in_the_callers_transaction():
    """The rows a second thread writes (on PostgreSQL) are the caller's: in its
    transaction, after one another (a person after its household), seen once finished."""
    municipality = MunicipalityFactory()
    households = [
        {"id": uuid.uuid4(), "municipality_id": municipality.pk, "name": f"H{n}"} for n in range(3)
    ]
    persons = [
        {
            "id": uuid.uuid4(),
            "municipality_id": municipality.pk,
            "household_id": household["id"],
            "given_name": "Ana",
            "family_name": household["name"],
            "given_key": "ana",
            "family_key": household["name"].lower(),
        }
        for household in households
    ]
    with transaction.atomic():
        writer = bulk.Background()
        writer.insert(Household, households)
        writer.insert(Person, persons)
        writer.check_constraints()  # now: the household of each person exists already
        writer.finish()
        assert sorted(Person.objects.values_list("household__name", flat=True)) == [
            "H0",
            "H1",
            "H2",
        ]
        transaction.set_rollback(True)
    assert not Household.objects.filter(municipality=municipality).exists()


@pytest.mark.django_db
def test_background_raises_what_failed_when_finished():
    municipality = MunicipalityFactory()
    household = {"id": uuid.uuid4(), "municipality_id": municipality.pk, "name": "Popescu"}

    def write_twice():
        writer = bulk.Background()
        writer.insert(Household, [household])
        writer.insert(Household, [household])  # the same primary key again
        writer.finish()  # on PostgreSQL the error of the second thread comes here

    with transaction.atomic():
        with pytest.raises(IntegrityError):
            write_twice()
        transaction.set_rollback(True)
    assert not Household.objects.filter(municipality=municipality).exists()
