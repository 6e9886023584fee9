"""A coordinator reviews the duplicate queue: compares a pair (audited reads), confirms it as
one person or rejects it; a case manager merges a confirmed pair. Scoped as always."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from lotse.accounts.enums import Role
from lotse.audit.events import EventType
from lotse.audit.models import AuditEvent
from lotse.people import pair_review, services
from lotse.people.enums import PairStatus
from lotse.people.models import DuplicatePair, Person
from lotse.web.views.duplicates import IDENTITY_FIELDS
from tests.factories import make_user
from tests.people.test_duplicates import _client, _pair, world
from tests.people.test_merge_races import _leyla_detected, _merge_form

__all__ = ["world"]  # the fixture used here


@pytest.fixture
def coordinator(world):
    return make_user(Role.COORDINATOR, world["municipality"])


def test_a_coordinator_compares_a_pair_and_confirms_it(world, coordinator):
    pair = _pair(world)
    client = _client(coordinator)
    listing = client.get("/duplicates/").content.decode()
    assert "<bdi>Al-Hassan</bdi>, <bdi>Fatima</bdi>" in listing  # isolated: any script
    assert "<bdi>Alhasan</bdi>, <bdi>Fatma</bdi>" in listing
    assert "Zu prüfen" in listing
    detail = client.get(f"/duplicates/{pair.pk}/")
    assert detail.status_code == 200
    content = detail.content.decode()
    assert "فاطمة الحسن" in content
    assert "id_keep_0" not in content  # no merge form: a case manager merges
    # What tells whether they are one person, not the rest of the record.
    shown = [row["name"] for row in detail.context["rows"]]
    assert shown == list(IDENTITY_FIELDS)
    assert "email" in [
        row["name"]
        for row in _client(world["manager"]).get(f"/duplicates/{pair.pk}/").context["rows"]
    ]
    assert f"/duplicates/{pair.pk}/confirm/" in content
    viewed = AuditEvent.objects.filter(event_type=EventType.PERSON_VIEWED, actor=coordinator)
    assert {event.target_id for event in viewed} == {str(pair.first_id), str(pair.second_id)}

    response = client.post(f"/duplicates/{pair.pk}/confirm/", follow=True)
    assert "führt die beiden Datensätze zusammen" in response.content.decode()
    pair.refresh_from_db()
    assert (pair.status, pair.decided_by) == (PairStatus.CONFIRMED, coordinator)
    entry = AuditEvent.objects.get(event_type=EventType.DUPLICATE_CONFIRMED)
    assert (entry.actor, entry.target_id) == (coordinator, str(pair.first_id))
    assert entry.context["other_person"] == str(pair.second_id)
    assert "Dieselbe Person, zusammenzuführen" in client.get("/duplicates/").content.decode()
    # Once is enough: a second confirmation is refused and changes nothing.
    again = client.post(f"/duplicates/{pair.pk}/confirm/", follow=True)
    assert "bereits entschieden" in again.content.decode()
    assert AuditEvent.objects.filter(event_type=EventType.DUPLICATE_CONFIRMED).count() == 1
    assert (
        f"/duplicates/{pair.pk}/confirm/"
        not in client.get(f"/duplicates/{pair.pk}/").content.decode()
    )


def test_a_case_manager_merges_what_a_coordinator_confirmed(world, coordinator):
    pair = _pair(world)
    assert (
        _client(coordinator).post(f"/duplicates/{pair.pk}/merge/", _merge_form(pair)).status_code
        == 403
    )
    assert Person.objects.count() == 2
    pair_review.confirm_pair(acting_user=coordinator, pair=pair)
    manager = _client(world["manager"])
    # A case manager merges; confirming is the coordinators' step.
    assert manager.post(f"/duplicates/{pair.pk}/confirm/").status_code == 403
    detail = manager.get(f"/duplicates/{pair.pk}/").content.decode()
    assert "Als dieselbe Person bestätigt von" in detail
    assert "id_keep_0" in detail
    response = manager.post(f"/duplicates/{pair.pk}/merge/", _merge_form(pair))
    assert response.status_code == 302
    assert Person.objects.count() == 1
    assert not DuplicatePair.objects.exists()


def test_a_confirmed_pair_may_still_be_rejected_and_stays_rejected(world, coordinator):
    pair = _pair(world)
    pair_review.confirm_pair(acting_user=coordinator, pair=pair)
    response = _client(world["manager"]).post(f"/duplicates/{pair.pk}/reject/")
    assert response.status_code == 302
    pair.refresh_from_db()
    assert (pair.status, pair.decided_by) == (PairStatus.REJECTED, world["manager"])
    entry = AuditEvent.objects.get(event_type=EventType.DUPLICATE_REJECTED)
    assert entry.context["was"] == PairStatus.CONFIRMED  # the confirmation overruled
    again = services.detect_duplicates(acting_user=None, municipality=world["municipality"])
    assert (again.found, again.new) == (1, 0)
    pair.refresh_from_db()
    assert pair.status == PairStatus.REJECTED
    assert _client(coordinator).get(f"/duplicates/{pair.pk}/").status_code == 404


def test_detection_leaves_a_confirmed_pair_confirmed(world, coordinator):
    pair = _pair(world)
    pair_review.confirm_pair(acting_user=coordinator, pair=pair)
    services.detect_duplicates(acting_user=None, municipality=world["municipality"])
    pair.refresh_from_db()
    assert pair.status == PairStatus.CONFIRMED


def test_the_queue_of_another_municipality_is_out_of_reach(world):
    pair = _pair(world)
    stranger = _client(make_user(Role.COORDINATOR))
    assert stranger.get(f"/duplicates/{pair.pk}/").status_code == 404
    assert stranger.post(f"/duplicates/{pair.pk}/confirm/").status_code == 404
    assert stranger.post(f"/duplicates/{pair.pk}/reject/").status_code == 404
    assert "Alhasan" not in stranger.get("/duplicates/").content.decode()
    pair.refresh_from_db()
    assert pair.status == PairStatus.OPEN


def test_an_administrator_sees_how_many_pairs_wait_never_the_names(world, coordinator):
    pair = _pair(world)
    _leyla_detected(world)
    pair_review.confirm_pair(acting_user=coordinator, pair=pair)
    administrator = _client(make_user(Role.ADMINISTRATOR, world["municipality"]))
    page = administrator.get("/duplicates/")
    content = page.content.decode()
    assert "Alhasan" not in content
    assert "Fatima" not in content
    waiting = DuplicatePair.objects.filter(status=PairStatus.OPEN).count()
    assert page.context["waiting"] == {PairStatus.OPEN: waiting, PairStatus.CONFIRMED: 1}
    assert f"{waiting} Paare warten auf die Prüfung durch das Fallmanagement" in content
    assert "1 Paar, als dieselbe Person bestätigt, wartet" in content
    assert administrator.get(f"/duplicates/{pair.pk}/").status_code == 404


def test_a_confirmed_pair_of_the_record_merged_away_stays_confirmed(world, coordinator):
    """Fatma is Leyla, a coordinator said; Fatma is then merged into Fatima: Fatima is Leyla
    too, still to be merged, where Fatima's own pair with Leyla was only open."""
    manager = world["manager"]
    leyla = _leyla_detected(world)

    def pair_of(*persons):
        return DuplicatePair.objects.get(first__in=persons, second__in=persons)

    assert pair_of(world["fatima"], leyla).status == PairStatus.OPEN
    pair_review.confirm_pair(acting_user=coordinator, pair=pair_of(world["fatma"], leyla))
    services.merge_persons(acting_user=manager, survivor=world["fatima"], other=world["fatma"])
    kept = pair_of(world["fatima"], leyla)
    assert (kept.status, kept.decided_by) == (PairStatus.CONFIRMED, coordinator)
    entry = AuditEvent.objects.get(event_type=EventType.PERSONS_MERGED)
    assert entry.context["confirmations_kept"] == [str(leyla.pk)]


def test_a_rejection_outweighs_a_confirmation_in_a_merge(world, coordinator):
    manager = world["manager"]
    leyla = _leyla_detected(world)

    def pair_of(*persons):
        return DuplicatePair.objects.get(first__in=persons, second__in=persons)

    pair_review.reject_pair(acting_user=manager, pair=pair_of(world["fatima"], leyla))
    pair_review.confirm_pair(acting_user=coordinator, pair=pair_of(world["fatma"], leyla))
    services.merge_persons(acting_user=manager, survivor=world["fatima"], other=world["fatma"])
    assert pair_of(world["fatima"], leyla).status == PairStatus.REJECTED
    entry = AuditEvent.objects.get(event_type=EventType.PERSONS_MERGED)
    assert entry.context["confirmations_kept"] == []


def test_a_pair_gone_with_a_merge_is_decided_already(world, coordinator):
    """A coordinator confirms a pair whose record a case manager merged away meanwhile: a
    clear message, not an error page."""
    pair = _pair(world)
    stale = DuplicatePair.objects.get(pk=pair.pk)
    services.merge_persons(acting_user=world["manager"], survivor=pair.first, other=pair.second)
    for decide in (pair_review.confirm_pair, pair_review.reject_pair):
        with pytest.raises(ValidationError, match="bereits entschieden"):
            decide(acting_user=coordinator, pair=stale)


def test_a_merge_of_a_pair_rejected_meanwhile_is_refused(world, coordinator):
    """The case manager compared the pair; meanwhile a coordinator noted two persons."""
    pair = _pair(world)
    client = _client(world["manager"])
    form = _merge_form(pair)
    pair_review.reject_pair(acting_user=coordinator, pair=pair)
    with pytest.raises(services.MergeConflictError):
        services.merge_persons(acting_user=world["manager"], survivor=pair.first, other=pair.second)
    assert Person.objects.count() == 2
    assert client.post(f"/duplicates/{pair.pk}/merge/", form).status_code == 404


def test_a_merge_whose_values_do_not_fit_together_is_refused_on_the_page(world):
    """Record A arrived in 2012; taking record B's date of birth of 2015 would put the
    arrival before the birth: the page says so, and nothing is merged."""
    pair = _pair(world)
    services.update_person(
        acting_user=world["manager"],
        person=pair.first,
        expected_version=pair.first.version,
        arrival_date=dt.date(2012, 5, 1),
    )
    services.update_person(
        acting_user=world["manager"],
        person=pair.second,
        expected_version=pair.second.version,
        birth_date=dt.date(2015, 3, 7),
    )
    pair.refresh_from_db()
    pair.first.refresh_from_db()
    pair.second.refresh_from_db()
    form = {**_merge_form(pair), "use_birth_date": "second", "use_arrival_date": "first"}
    response = _client(world["manager"]).post(f"/duplicates/{pair.pk}/merge/", form)
    assert response.status_code == 400
    assert "vor dem Geburtsdatum" in response.content.decode()
    assert Person.objects.count() == 2


def test_a_record_born_before_1900_stays_editable_and_mergeable(world):
    """Saved before the rule (a year 1087 typed for 1987): its other values can be changed
    and it can be merged; only a date before 1900 given anew is refused."""
    pair = _pair(world)
    old = pair.second
    Person.objects.filter(pk=old.pk).update(birth_date=dt.date(1087, 3, 7))
    old.refresh_from_db()
    old = services.update_person(
        acting_user=world["manager"], person=old, expected_version=old.version, phone="0203 9"
    )
    assert old.birth_date == dt.date(1087, 3, 7)
    with pytest.raises(ValidationError) as error:
        services.update_person(
            acting_user=world["manager"],
            person=old,
            expected_version=old.version,
            birth_date=dt.date(1899, 12, 31),
        )
    assert "birth_date" in error.value.message_dict
    services.merge_persons(acting_user=world["manager"], survivor=pair.first, other=old)
    assert Person.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_merge_waits_for_a_confirmation_made_meanwhile_and_keeps_it(world, coordinator):
    """A coordinator confirms Fatma and Leyla while a case manager merges Fatma into Fatima:
    the merge waits for the confirmation (both records' pairs are locked first) and keeps
    it for Fatima. Read before the confirmation, the pair would have gone with Fatma and
    Fatima's pair with Leyla stayed open."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite writes one transaction at a time")
    manager = world["manager"]
    leyla = _leyla_detected(world)
    fatma_leyla = DuplicatePair.objects.get(
        first__in=[world["fatma"], leyla], second__in=[world["fatma"], leyla]
    )
    confirmed, commit = threading.Event(), threading.Event()

    def confirming():
        try:
            with transaction.atomic():
                pair_review.confirm_pair(acting_user=coordinator, pair=fatma_leyla)
                confirmed.set()
                commit.wait(10)
        finally:
            connection.close()

    def merging():
        try:
            services.merge_persons(
                acting_user=manager, survivor=world["fatima"], other=world["fatma"]
            )
        finally:
            connection.close()

    reviewer = threading.Thread(target=confirming)
    reviewer.start()
    assert confirmed.wait(10)
    merge = threading.Thread(target=merging)
    merge.start()
    merge.join(0.5)
    assert merge.is_alive()  # waiting for the confirmation's transaction
    commit.set()
    reviewer.join(10)
    merge.join(10)
    assert not merge.is_alive()
    kept = DuplicatePair.objects.get(
        first__in=[world["fatima"], leyla], second__in=[world["fatima"], leyla]
    )
    assert (kept.status, kept.decided_by) == (PairStatus.CONFIRMED, coordinator)
