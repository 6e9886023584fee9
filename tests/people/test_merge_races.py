"""The review of a pair: the dates the page compares, and a merge of records that are no
longer as the reviewer saw them (changed meanwhile, merged already: the form sent twice),
and the rejections of the record merged away."""

import datetime as dt

import pytest
from django.utils import translation

from lotse.audit.events import EventType
from lotse.audit.models import AuditEvent
from lotse.cases import services as case_services
from lotse.cases.enums import CaseEventKind
from lotse.cases.models import CaseEvent
from lotse.core.catalogues import ResidenceStatus
from lotse.people import pair_review, services
from lotse.people.enums import PairStatus
from lotse.people.models import DuplicatePair, Person
from tests.people.test_duplicates import _client, _pair, world

__all__ = ["world"]  # the fixture used here


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _merge_form(pair, keep="first"):
    return {
        "first_version": pair.first.version,
        "second_version": pair.second.version,
        "keep": keep,
        "use_given_name": keep,
        "use_family_name": keep,
        "use_phone": keep,
        "use_name_original": keep,
        "use_household": keep,
        "use_birth_date": keep,  # where the dates differ
    }


def test_a_record_changed_after_the_review_is_not_merged(world):
    pair = _pair(world)
    client = _client(world["manager"])
    form = _merge_form(pair)  # as the page showed them
    second = pair.second
    services.update_person(
        acting_user=world["manager"],
        person=second,
        expected_version=second.version,
        birth_date=dt.date(1990, 3, 8),
    )
    response = client.post(f"/duplicates/{pair.pk}/merge/", form)
    assert response.status_code == 409
    assert "nachdem Sie sie angesehen haben" in response.content.decode()  # the page: German
    assert Person.objects.count() == 2
    # The page shows the records as they are now; sent from there, the merge is done.
    response = client.post(
        f"/duplicates/{pair.pk}/merge/", _merge_form(DuplicatePair.objects.get())
    )
    assert response.status_code == 302
    assert Person.objects.count() == 1


def test_the_merge_form_sent_twice_merges_once(world):
    """The second one finds the pair gone with the record merged away: 404, as for any pair
    not (or no longer) in the user's queue, and nothing else happens."""
    pair = _pair(world)
    client = _client(world["manager"])
    form = _merge_form(pair)
    assert client.post(f"/duplicates/{pair.pk}/merge/", form).status_code == 302
    assert client.post(f"/duplicates/{pair.pk}/merge/", form).status_code == 404
    assert Person.objects.count() == 1


def test_a_merge_whose_other_record_is_gone_is_refused_clearly(world):
    """Two reviewers at once: the second merge finds the other record merged away (what the
    form sent twice in parallel meets after the first one's lock)."""
    fatima, fatma = world["fatima"], world["fatma"]
    stale = Person.objects.get(pk=fatma.pk)
    services.merge_persons(acting_user=world["manager"], survivor=fatima, other=fatma)
    with pytest.raises(services.MergeConflictError, match="no longer exists"):
        services.merge_persons(acting_user=world["manager"], survivor=fatima, other=stale)


def _leyla_detected(world):
    """Leyla, another Fatma Alhasan born the same day, and the pairs detection finds."""
    leyla = services.create_person(
        acting_user=world["manager"],
        municipality=world["municipality"],
        given_name="Fatma",
        family_name="Alhasan",
        birth_date=dt.date(1990, 3, 7),
    )
    services.detect_duplicates(acting_user=world["manager"], municipality=world["municipality"])
    return leyla


def test_a_rejection_of_the_record_merged_away_stays_with_the_survivor(world):
    """Fatma is not Leyla, a reviewer said; Fatma is then merged into Fatima: Fatima is not
    Leyla either, and a later detection does not propose them."""
    manager, municipality = world["manager"], world["municipality"]
    leyla = _leyla_detected(world)
    fatma_leyla = DuplicatePair.objects.get(
        first__in=[world["fatma"], leyla], second__in=[world["fatma"], leyla]
    )
    pair_review.reject_pair(acting_user=manager, pair=fatma_leyla)
    services.merge_persons(acting_user=manager, survivor=world["fatima"], other=world["fatma"])
    kept = DuplicatePair.objects.get(
        first__in=[world["fatima"], leyla], second__in=[world["fatima"], leyla]
    )
    assert (kept.status, kept.decided_by) == (PairStatus.REJECTED, manager)
    # The merge's audit entry says so.
    entry = AuditEvent.objects.get(event_type=EventType.PERSONS_MERGED)
    assert entry.context["rejections_kept"] == [str(leyla.pk)]
    summary = services.detect_duplicates(acting_user=manager, municipality=municipality)
    assert summary.new == 0
    assert not DuplicatePair.objects.filter(status=PairStatus.OPEN).exists()


def test_the_page_shows_dates_as_dates(world):
    fatma = world["fatma"]
    services.update_person(
        acting_user=world["manager"],
        person=fatma,
        expected_version=fatma.version,
        arrival_date=dt.date(2022, 7, 2),
    )
    pair = _pair(world)
    with translation.override("de"):
        page = _client(world["manager"]).get(f"/duplicates/{pair.pk}/").content.decode()
    assert "02.07.2022" in page
    assert "2022-07-02" not in page


def test_households_of_the_same_name_are_told_apart_by_their_address(world):
    """Both records live in a household named Al-Hassan, at two addresses: the page shows
    both addresses and asks which to keep (before, it showed the name alone, saw no
    difference and kept the survivor's address without asking)."""
    manager = world["manager"]
    elsewhere = services.create_household(
        acting_user=manager,
        municipality=world["municipality"],
        name="Al-Hassan",
        street="Neuer Weg 9",
        postcode="47051",
        city="Duisburg",
    )
    fatma = world["fatma"]
    services.update_person(
        acting_user=manager, person=fatma, expected_version=fatma.version, household=elsewhere
    )
    pair = _pair(world)
    page = _client(manager).get(f"/duplicates/{pair.pk}/").content.decode()
    assert "Al-Hassan, Friedrich-Ebert-Str. 12, 47179" in page
    assert "Al-Hassan, Neuer Weg 9, 47051 Duisburg" in page
    assert 'name="use_household"' in page


def test_a_household_case_of_the_merged_record_is_told_of_the_merge(world):
    """Fatma lived alone in a household with a case of its own; Fatima keeps her own
    household. The household case has lost its member: its history says where she went."""
    manager = world["manager"]
    her_own = services.create_household(
        acting_user=manager, municipality=world["municipality"], name="Alhasan"
    )
    fatma = world["fatma"]
    services.update_person(
        acting_user=manager, person=fatma, expected_version=fatma.version, household=her_own
    )
    household_case = case_services.open_case(
        acting_user=manager, owner=manager, site=world["site"], household=her_own
    )
    services.merge_persons(acting_user=manager, survivor=world["fatima"], other=fatma)
    [event] = CaseEvent.objects.filter(case=household_case, kind=CaseEventKind.MERGED)
    assert "Fatma Alhasan" in event.note
    assert "Fatima Al-Hassan" in event.note
    assert "Al-Hassan" in event.note  # the household she lives in now


def test_an_open_pair_of_the_record_merged_away_stays_in_the_queue(world):
    """Fatma was queued with Leyla too (an import queues a row with each person it is as
    like as the best); Fatma is merged into Fatima: the pair is Fatima's now, still open."""
    manager = world["manager"]
    leyla = _leyla_detected(world)
    assert DuplicatePair.objects.filter(
        first__in=[world["fatma"], leyla], second__in=[world["fatma"], leyla]
    ).exists()
    DuplicatePair.objects.filter(
        first__in=[world["fatima"], leyla], second__in=[world["fatima"], leyla]
    ).delete()  # as if only the row and Fatma had been queued
    services.merge_persons(acting_user=manager, survivor=world["fatima"], other=world["fatma"])
    kept = DuplicatePair.objects.get(
        first__in=[world["fatima"], leyla], second__in=[world["fatima"], leyla]
    )
    assert kept.status == PairStatus.OPEN
    entry = AuditEvent.objects.get(event_type=EventType.PERSONS_MERGED)
    assert entry.context["open_pairs_kept"] == [str(leyla.pk)]


def test_a_household_case_is_told_when_the_survivor_has_no_household(world):
    manager = world["manager"]
    fatima = world["fatima"]  # in the household Al-Hassan, merged into Fatma (none)
    household_case = case_services.open_case(
        acting_user=manager, owner=manager, site=world["site"], household=fatima.household
    )
    with translation.override("en"):
        services.merge_persons(acting_user=manager, survivor=world["fatma"], other=fatima)
    [event] = CaseEvent.objects.filter(case=household_case, kind=CaseEventKind.MERGED)
    assert "belongs to no household" in event.note


def test_a_merge_leaves_one_current_status_in_each_history(world):
    """Fatima's residence status since 2020, Fatma's since 2024: after the merge the newer
    is the current one, and the other ends the day before it."""
    manager = world["manager"]
    services.set_residence_status(
        acting_user=manager,
        person=world["fatima"],
        status=ResidenceStatus.values[0],
        valid_from=dt.date(2020, 1, 1),
    )
    services.set_residence_status(
        acting_user=manager,
        person=world["fatma"],
        status=ResidenceStatus.values[1],
        valid_from=dt.date(2024, 1, 1),
    )
    survivor = services.merge_persons(
        acting_user=manager, survivor=world["fatima"], other=world["fatma"]
    )
    history = list(survivor.residence_history.order_by("valid_from"))
    assert [(r.valid_from, r.valid_until) for r in history] == [
        (dt.date(2020, 1, 1), dt.date(2023, 12, 31)),
        (dt.date(2024, 1, 1), None),
    ]
    entry = AuditEvent.objects.get(event_type=EventType.PERSONS_MERGED)
    assert entry.context["statuses_ended"] == 1
