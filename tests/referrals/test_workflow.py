"""The referral workflow through its services: consent check, state machine, withdrawal,
emergency override, overdue answers."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from lotse.audit.events import EventType
from lotse.audit.models import AuditEvent
from lotse.consents import services as consent_services
from lotse.consents.models import Consent
from lotse.core.concurrency import ConflictError
from lotse.notifications.models import Notification, NotificationKind
from lotse.referrals import queries, services
from lotse.referrals.enums import ReferralStatus
from lotse.referrals.models import Referral
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _refer(world, persons=None, categories=("identity", "work"), **extra):
    return services.create_referral(
        acting_user=world["manager"],
        case=world["case"],
        persons=persons or [world["ion"]],
        organisation=world["jobcenter"],
        question="Kann Herr Popescu an einer Maßnahme teilnehmen?",
        categories=categories,
        **extra,
    )


def _move(world, referral, to, side="receiver", **extra):
    referral.refresh_from_db()
    return services.transition_referral(
        acting_user=world[side] if side != "sender" else world["manager"],
        referral=referral,
        to_status=to,
        expected_version=referral.version,
        **extra,
    )


def test_without_consent_the_referral_is_refused_naming_what_is_missing(world, consent_for):
    with pytest.raises(ValidationError) as refused:
        _refer(world, categories=("identity", "work", "health"))
    message = " ".join(refused.value.messages)
    assert "Ion Popescu" in message
    assert "Jobcenter" in message
    assert "Identity and contact, Health and insurance, Work and income" in message
    consent_for(categories=("identity", "work"))
    with pytest.raises(ValidationError) as still:
        _refer(world, categories=("identity", "work", "health"))
    assert "Health and insurance" in " ".join(still.value.messages)
    assert "Work and income" not in " ".join(still.value.messages)
    assert not Referral.objects.exists()


def test_every_referred_person_needs_consent(world, consent_for):
    consent_for(person=world["ion"])
    with pytest.raises(ValidationError) as refused:
        _refer(world, persons=[world["ion"], world["maria"]])
    assert "Maria Popescu" in " ".join(refused.value.messages)
    assert "Ion Popescu" not in " ".join(refused.value.messages)


def test_consent_for_another_organisation_does_not_count(world, consent_for):
    other = OrganisationFactory(municipality=world["municipality"])
    consent_for(organisation=other)
    with pytest.raises(ValidationError):
        _refer(world)


def test_referral_to_an_organisation_of_another_municipality_is_refused(world, consent_for):
    with pytest.raises(ValidationError) as refused:
        services.create_referral(
            acting_user=world["manager"],
            case=world["case"],
            persons=[world["ion"]],
            organisation=OrganisationFactory(),
            question="?",
            categories=["identity"],
        )
    assert "organisation" in refused.value.message_dict
    assert not Referral.objects.exists()


def test_sent_referral_reaches_the_receivers_and_answers_come_back(world, consent_for):
    consent_for()
    referral = _refer(world)
    assert referral.status == ReferralStatus.SENT
    received = Notification.objects.get(recipient=world["receiver"])
    assert received.kind == NotificationKind.REFERRAL_RECEIVED
    _move(world, referral, ReferralStatus.ACCEPTED)
    _move(
        world,
        referral,
        ReferralStatus.APPOINTMENT_SET,
        appointment_at=dt.datetime(2030, 1, 7, 9, 30, tzinfo=dt.UTC),
    )
    _move(world, referral, ReferralStatus.COMPLETED, feedback="Maßnahme beginnt im Februar")
    referral.refresh_from_db()
    assert referral.feedback == "Maßnahme beginnt im Februar"
    assert referral.answered_at is not None
    assert referral.closed_at is not None
    answers = Notification.objects.filter(
        recipient=world["manager"], kind=NotificationKind.REFERRAL_ANSWERED
    )
    assert answers.count() == 3
    history = [(e.from_status, e.to_status) for e in referral.events.all()]
    assert history == [
        ("", "draft"),
        ("draft", "sent"),
        ("sent", "accepted"),
        ("accepted", "appointment_set"),
        ("appointment_set", "completed"),
    ]
    assert AuditEvent.objects.filter(event_type=EventType.REFERRAL_STATUS_CHANGED).count() == 4


ALL = list(ReferralStatus)


@pytest.mark.parametrize(
    ("start", "target"),
    [(a, b) for a in ALL for b in ALL],
    ids=lambda s: s.value,
)
def test_state_machine_allows_exactly_its_moves(world, consent_for, start, target):
    consent_for()
    referral = _refer(world, send=False)
    Referral.objects.filter(pk=referral.pk).update(status=start)
    sides = services.TRANSITIONS.get((start, target))
    for side in ("sender", "receiver"):
        referral.refresh_from_db()
        extra = {}
        if target == ReferralStatus.DECLINED:
            extra["decline_reason"] = "no_capacity"
        if target == ReferralStatus.APPOINTMENT_SET:
            extra["appointment_at"] = dt.datetime(2030, 1, 7, 9, 0, tzinfo=dt.UTC)
        allowed = sides is not None and services.Side(side) in sides
        if allowed:
            moved = _move(world, referral, target, side=side, **extra)
            assert moved.status == target
            Referral.objects.filter(pk=referral.pk).update(status=start)
        elif sides is None:
            with pytest.raises(services.ReferralError):
                _move(world, referral, target, side=side, **extra)
        else:
            with pytest.raises(PermissionDenied):
                _move(world, referral, target, side=side, **extra)


def test_declining_needs_a_reason(world, consent_for):
    consent_for()
    referral = _refer(world)
    with pytest.raises(ValidationError) as refused:
        _move(world, referral, ReferralStatus.DECLINED)
    assert "decline_reason" in refused.value.message_dict
    _move(world, referral, ReferralStatus.DECLINED, decline_reason="no_capacity")
    referral.refresh_from_db()
    assert referral.decline_reason == "no_capacity"


def test_stale_version_changes_nothing(world, consent_for):
    consent_for()
    referral = _refer(world)
    seen_by_colleague = Referral.objects.get(pk=referral.pk)
    _move(world, referral, ReferralStatus.ACCEPTED)
    with pytest.raises(ConflictError):
        services.transition_referral(
            acting_user=world["receiver"],
            referral=seen_by_colleague,
            to_status=ReferralStatus.DECLINED,
            expected_version=seen_by_colleague.version,
            decline_reason="no_capacity",
        )
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.ACCEPTED


def test_withdrawal_hides_the_summary_at_once_and_marks_the_referral(world, consent_for):
    consent = consent_for(categories=("identity", "work", "residence"))
    referral = _refer(world, categories=("identity", "work", "residence"))
    summary = queries.shared_summary(referral)
    assert [s.person for s in summary] == [world["ion"]]
    assert summary[0].categories == {"identity", "work", "residence"}
    consent_services.withdraw_consent(
        acting_user=world["manager"],
        consent=consent,
        withdrawn_on=timezone.localdate(),
        reason="Möchte es nicht mehr",
        expected_version=consent.version,
    )
    assert queries.shared_summary(Referral.objects.get(pk=referral.pk)) == []
    referral.refresh_from_db()
    assert referral.consent_lapsed_at is not None
    kinds = set(
        Notification.objects.filter(kind=NotificationKind.CONSENT_ENDED).values_list(
            "recipient__username", flat=True
        )
    )
    assert kinds == {world["manager"].username, world["receiver"].username}
    assert AuditEvent.objects.filter(event_type=EventType.REFERRAL_CONSENT_LAPSED).count() == 1


def test_expired_consent_hides_the_summary(world, consent_for):
    consent = consent_for(given_on=timezone.localdate() - dt.timedelta(days=30))
    referral = _refer(world)
    assert queries.shared_summary(referral) != []
    type(consent).objects.filter(pk=consent.pk).update(
        valid_until=timezone.localdate() - dt.timedelta(days=1)
    )
    assert queries.shared_summary(referral) == []
    flagged = queries.inbox_for(world["receiver"]).get()
    assert flagged.consent_ok is False


def test_override_needs_the_permission_and_a_reason(world):
    with pytest.raises(PermissionDenied):
        _refer(world, override=True, override_reason="Wohnungslosigkeit droht morgen")
    membership = world["manager"].membership
    membership.may_override_consent = True
    membership.save()
    world["manager"].refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        _refer(world, override=True, override_reason="  ")
    assert "override_reason" in refused.value.message_dict
    assert not Referral.objects.exists()
    referral = _refer(world, override=True, override_reason="Wohnungslosigkeit droht morgen")
    assert referral.status == ReferralStatus.SENT
    flagged = AuditEvent.objects.get(event_type=EventType.REFERRAL_CONSENT_OVERRIDDEN)
    assert flagged.context == {"reason": "Wohnungslosigkeit droht morgen"}
    assert list(queries.open_overrides(world["municipality"].pk)) == [referral]


def test_overdue_after_the_working_days_with_nrw_holidays(world, consent_for):
    consent_for()
    referral = _refer(world)
    # Sent on Tuesday 22 December 2026; 5 working days later (25/26 Dec and 1 Jan are
    # holidays, weekends do not count) is Wednesday 30 December.
    Referral.objects.filter(pk=referral.pk).update(
        sent_at=dt.datetime(2026, 12, 22, 10, 0, tzinfo=dt.UTC)
    )
    due = dt.date(2026, 12, 30)
    assert list(queries.overdue_for(world["manager"], today=due)) == []
    assert list(queries.overdue_for(world["manager"], today=due + dt.timedelta(days=1))) == [
        referral
    ]
    assert services.notify_overdue(today=due + dt.timedelta(days=1)) == 1
    assert services.notify_overdue(today=due + dt.timedelta(days=1)) == 0
    assert Notification.objects.filter(kind=NotificationKind.REFERRAL_OVERDUE).count() == 1


def test_consent_record_refuses_bad_input(world, consent_for):
    with pytest.raises(ValidationError) as refused:
        consent_for(
            given_on=timezone.localdate() - dt.timedelta(days=2),
            valid_until=timezone.localdate() - dt.timedelta(days=5),
        )
    assert "valid_until" in refused.value.message_dict
    with pytest.raises(ValidationError) as unknown:
        consent_for(categories=("identity", "shoe_size"))
    assert "categories" in unknown.value.message_dict
    assert not Consent.objects.exists()


def test_overdue_command_notifies_once(world, consent_for):
    consent_for()
    referral = _refer(world)
    Referral.objects.filter(pk=referral.pk).update(sent_at=timezone.now() - dt.timedelta(days=30))
    out = io.StringIO()
    call_command("notify-overdue-referrals", stdout=out)
    call_command("notify-overdue-referrals", stdout=out)
    assert out.getvalue().splitlines() == [
        "1 overdue referral(s) notified.",
        "0 overdue referral(s) notified.",
    ]
    assert (
        Notification.objects.get(kind=NotificationKind.REFERRAL_OVERDUE).recipient
        == (world["manager"])
    )


def test_email_tells_of_news_without_naming_anybody(
    world, consent_for, mailoutbox, django_capture_on_commit_callbacks
):
    world["receiver"].email = "team@jobcenter.example"
    world["receiver"].save()
    consent_for()
    with django_capture_on_commit_callbacks(execute=True):
        _refer(world)
    (mail,) = mailoutbox
    assert mail.to == ["team@jobcenter.example"]
    assert "Neue Vermittlung" in mail.subject
    text = mail.subject + mail.body
    assert "Popescu" not in text
    assert "Ion" not in text
