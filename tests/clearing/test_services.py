"""The clearing services: every change audited, the rules of a clearing enforced."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from lotse.accounts.enums import Role
from lotse.audit.events import EventType
from lotse.audit.models import AuditEvent
from lotse.cases import services as case_services
from lotse.clearing import services
from lotse.clearing.models import ClearingCase, ClearingStep
from lotse.core.concurrency import ConflictError
from lotse.people import services as people_services
from tests.factories import SiteFactory, make_user

pytestmark = pytest.mark.django_db


def _events(event_type):
    return AuditEvent.objects.filter(event_type=event_type)


def test_open_clearing_case_is_audited(counsellor, make_person):
    person = make_person()
    clearing = services.open_clearing_case(
        acting_user=counsellor,
        person=person,
        status_at_start="not_insured",
        opened_on=dt.date(2026, 1, 5),
    )
    event = _events(EventType.CLEARING_CASE_OPENED).get()
    assert (event.target_id, event.actor) == (str(clearing.pk), counsellor)
    assert event.changes["status_at_start"] == [None, "not_insured"]
    assert clearing.municipality == person.municipality


def test_open_clearing_case_needs_a_clearing_counsellor(municipality, make_person):
    manager = make_user(Role.CASE_MANAGER, municipality)
    with pytest.raises(ValidationError) as error:
        services.open_clearing_case(
            acting_user=manager, person=make_person(), status_at_start="unclear"
        )
    assert "counsellor" in error.value.message_dict
    assert not ClearingCase.objects.exists()
    assert not _events(EventType.CLEARING_CASE_OPENED).exists()


def test_open_clearing_case_beside_a_kim_case_of_the_same_person(
    counsellor, municipality, make_person
):
    manager = make_user(Role.CASE_MANAGER, municipality)
    site = SiteFactory(organisation__municipality=municipality)
    person, other = make_person(), make_person(given_name="Ion")
    case = case_services.open_case(acting_user=manager, owner=manager, site=site, person=person)
    clearing = services.open_clearing_case(
        acting_user=counsellor, person=person, status_at_start="unclear", case=case
    )
    assert clearing.case == case
    with pytest.raises(ValidationError) as error:
        services.open_clearing_case(
            acting_user=counsellor, person=other, status_at_start="unclear", case=case
        )
    assert "case" in error.value.message_dict


def test_open_clearing_case_in_the_future_is_refused(counsellor, make_person):
    with pytest.raises(ValidationError):
        services.open_clearing_case(
            acting_user=counsellor,
            person=make_person(),
            status_at_start="unclear",
            opened_on=dt.date.today() + dt.timedelta(days=2),  # noqa: DTZ011
        )


def test_record_step_is_audited_and_refused_once_closed(counsellor, make_clearing):
    clearing = make_clearing(opened_on=dt.date(2026, 2, 1))
    services.record_clearing_step(
        acting_user=counsellor,
        clearing_case=clearing,
        kind="voluntary",
        taken_on=dt.date(2026, 2, 2),
    )
    assert _events(EventType.CLEARING_STEP_RECORDED).count() == 1
    services.close_clearing_case(
        acting_user=counsellor,
        clearing_case=clearing,
        status_at_end="insured_germany",
        closed_on=dt.date(2026, 2, 3),
        expected_version=clearing.version,
    )
    with pytest.raises(ValidationError):
        services.record_clearing_step(
            acting_user=counsellor,
            clearing_case=clearing,
            kind="family",
            taken_on=dt.date(2026, 2, 3),
        )
    assert ClearingStep.objects.count() == 1


def test_close_clearing_case_records_the_persons_insurance_status(counsellor, make_person):
    person = make_person()
    people_services.set_insurance_status(
        acting_user=counsellor, person=person, status="unclear", valid_from=dt.date(2026, 1, 1)
    )
    clearing = services.open_clearing_case(
        acting_user=counsellor,
        person=person,
        status_at_start="unclear",
        opened_on=dt.date(2026, 1, 10),
    )
    services.close_clearing_case(
        acting_user=counsellor,
        clearing_case=clearing,
        status_at_end="insured_germany",
        closed_on=dt.date(2026, 2, 15),
        outcome="Familienversicherung über den Ehemann",
        expected_version=clearing.version,
    )
    clearing.refresh_from_db()
    assert (clearing.status_at_end, clearing.duration_days, clearing.version) == (
        "insured_germany",
        36,
        2,
    )
    history = list(
        person.insurance_history.order_by("valid_from").values_list(
            "status", "valid_from", "valid_until"
        )
    )
    assert history == [
        ("unclear", dt.date(2026, 1, 1), dt.date(2026, 2, 14)),
        ("statutory", dt.date(2026, 2, 15), None),
    ]
    closed = _events(EventType.CLEARING_CASE_CLOSED).get()
    assert closed.changes["status_at_end"] == ["", "insured_germany"]
    assert _events(EventType.INSURANCE_STATUS_SET).count() == 2


def test_close_clearing_case_keeps_a_matching_insurance_status(counsellor, make_person):
    person = make_person()
    people_services.set_insurance_status(
        acting_user=counsellor, person=person, status="private", valid_from=dt.date(2025, 1, 1)
    )
    clearing = services.open_clearing_case(
        acting_user=counsellor,
        person=person,
        status_at_start="unclear",
        opened_on=dt.date(2026, 1, 2),
    )
    services.close_clearing_case(
        acting_user=counsellor,
        clearing_case=clearing,
        status_at_end="insured_germany",
        closed_on=dt.date(2026, 1, 3),
        expected_version=clearing.version,
    )
    assert list(person.insurance_history.values_list("status", flat=True)) == ["private"]


def test_close_clearing_case_refuses_bad_dates_twice_closing_and_stale_versions(
    counsellor, make_clearing
):
    clearing = make_clearing(opened_on=dt.date(2026, 2, 1))
    with pytest.raises(ValidationError) as error:
        services.close_clearing_case(
            acting_user=counsellor,
            clearing_case=clearing,
            status_at_end="insured_germany",
            closed_on=dt.date(2026, 1, 31),
            expected_version=clearing.version,
        )
    assert "closed_on" in error.value.message_dict
    with pytest.raises(ConflictError):
        services.close_clearing_case(
            acting_user=counsellor,
            clearing_case=clearing,
            status_at_end="insured_germany",
            closed_on=dt.date(2026, 2, 2),
            expected_version=clearing.version + 1,
        )
    services.close_clearing_case(
        acting_user=counsellor,
        clearing_case=clearing,
        status_at_end="not_insured",
        closed_on=dt.date(2026, 2, 2),
        expected_version=clearing.version,
    )
    with pytest.raises(ValidationError):
        services.close_clearing_case(
            acting_user=counsellor,
            clearing_case=clearing,
            status_at_end="insured_germany",
            expected_version=clearing.version,
        )
    assert _events(EventType.CLEARING_CASE_CLOSED).count() == 1


def test_update_clearing_case_audits_the_changed_fields(counsellor, make_clearing):
    clearing = make_clearing(start="unclear", opened_on=dt.date(2026, 2, 1))
    services.update_clearing_case(
        acting_user=counsellor,
        clearing_case=clearing,
        expected_version=clearing.version,
        opened_on=dt.date(2026, 1, 28),
    )
    clearing.refresh_from_db()
    assert clearing.opened_on == dt.date(2026, 1, 28)
    event = _events(EventType.CLEARING_CASE_UPDATED).get()
    assert event.changes == {"opened_on": ["2026-02-01", "2026-01-28"]}


def test_update_clearing_case_refuses_unknown_fields(counsellor, make_clearing):
    clearing = make_clearing()
    with pytest.raises(ValidationError):
        services.update_clearing_case(
            acting_user=counsellor,
            clearing_case=clearing,
            expected_version=clearing.version,
            municipality=None,
        )
    assert not _events(EventType.CLEARING_CASE_UPDATED).exists()


def test_merging_persons_moves_their_clearing_cases(counsellor, make_person, make_clearing):
    keep, other = make_person(), make_person(given_name="Elena Maria")
    clearing = make_clearing(person=other)
    people_services.merge_persons(acting_user=counsellor, survivor=keep, other=other)
    clearing.refresh_from_db()
    assert clearing.person == keep


def test_update_clearing_case_refuses_an_opening_after_a_step(counsellor, make_clearing):
    clearing = make_clearing(opened_on=dt.date(2026, 2, 1))
    services.record_clearing_step(
        acting_user=counsellor, clearing_case=clearing, kind="other", taken_on=dt.date(2026, 2, 3)
    )
    with pytest.raises(ValidationError) as error:
        services.update_clearing_case(
            acting_user=counsellor,
            clearing_case=clearing,
            expected_version=clearing.version,
            opened_on=dt.date(2026, 2, 5),
        )
    assert "opened_on" in error.value.message_dict
