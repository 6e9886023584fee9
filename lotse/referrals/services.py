"""Every write to referrals. One function moves a referral through its states; the server
checks consent on creation and on sending, and no client flag can skip that check."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.accounts.enums import Role
from lotse.accounts.models import User
from lotse.audit import services as audit
from lotse.audit.events import EventType
from lotse.cases.enums import Phase
from lotse.consents.queries import describe_missing, missing_consent
from lotse.core.catalogues import DataCategory, ordered_categories
from lotse.core.concurrency import save_versioned
from lotse.notifications.models import NotificationKind
from lotse.notifications.services import notify
from lotse.referrals.enums import OPEN_STATUSES, DeclineReason, ReferralStatus, Side, Urgency
from lotse.referrals.models import Referral, ReferralEvent
from lotse.referrals.queries import overdue_q, persons_of_case

if TYPE_CHECKING:
    from lotse.cases.models import Case
    from lotse.consents.models import Consent
    from lotse.people.models import Person
    from lotse.tenancy.models import Organisation

S, R = Side.SENDER, Side.RECEIVER
# (from, to) -> who may make the move. Everything else is refused.
TRANSITIONS: dict[tuple[ReferralStatus, ReferralStatus], frozenset[Side]] = {
    (ReferralStatus.DRAFT, ReferralStatus.SENT): frozenset({S}),
    (ReferralStatus.DRAFT, ReferralStatus.CANCELLED): frozenset({S}),
    (ReferralStatus.SENT, ReferralStatus.ACCEPTED): frozenset({R}),
    (ReferralStatus.SENT, ReferralStatus.DECLINED): frozenset({R}),
    (ReferralStatus.SENT, ReferralStatus.CANCELLED): frozenset({S}),
    (ReferralStatus.ACCEPTED, ReferralStatus.APPOINTMENT_SET): frozenset({R}),
    (ReferralStatus.ACCEPTED, ReferralStatus.COMPLETED): frozenset({R}),
    (ReferralStatus.ACCEPTED, ReferralStatus.CANCELLED): frozenset({S, R}),
    (ReferralStatus.APPOINTMENT_SET, ReferralStatus.APPOINTMENT_SET): frozenset({R}),
    (ReferralStatus.APPOINTMENT_SET, ReferralStatus.COMPLETED): frozenset({R}),
    (ReferralStatus.APPOINTMENT_SET, ReferralStatus.NO_SHOW): frozenset({R}),
    (ReferralStatus.APPOINTMENT_SET, ReferralStatus.CANCELLED): frozenset({S, R}),
}
TERMINAL = frozenset(
    {
        ReferralStatus.DECLINED,
        ReferralStatus.COMPLETED,
        ReferralStatus.NO_SHOW,
        ReferralStatus.CANCELLED,
    }
)


class ReferralError(ValidationError):
    """A move the referral workflow does not allow, with a message saying why."""


class ConsentMissingError(ValidationError):
    """No valid consent covers the organisation and categories; the message says what lacks."""


def side_of(user: Any, referral: Referral) -> Side | None:
    """Whether the user acts for the referring case or for the receiving organisation."""
    membership = getattr(user, "membership_or_none", None)
    if membership is None or not user.is_active:
        return None
    if membership.municipality_id != referral.municipality_id:
        return None
    if membership.role == Role.CASE_MANAGER:
        return Side.SENDER
    if membership.role == Role.PARTNER_STAFF and membership.organisation_id == (
        referral.organisation_id
    ):
        return Side.RECEIVER
    return None


def allowed_moves(user: Any, referral: Referral) -> list[ReferralStatus]:
    side = side_of(user, referral)
    current = ReferralStatus(referral.status)
    return [
        to
        for (frm, to), sides in TRANSITIONS.items()
        if frm == current and side in sides and to != current
    ]


def _check_consent(referral: Referral, persons: Sequence[Person]) -> None:
    missing = missing_consent(persons, referral.organisation, referral.categories)
    if missing:
        raise ConsentMissingError(
            {"categories": describe_missing(missing, referral.organisation)}, code="consent"
        )


def _receivers(organisation_id: Any) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            membership__organisation_id=organisation_id,
            membership__role=Role.PARTNER_STAFF,
        )
    )


@transaction.atomic
def create_referral(
    *,
    acting_user: User,
    case: Case,
    persons: Iterable[Person],
    organisation: Organisation,
    question: str,
    categories: Iterable[str],
    urgency: str = Urgency.NORMAL,
    service: str = "",
    life_domain: str = "",
    override: bool = False,
    override_reason: str = "",
    send: bool = True,
) -> Referral:
    """Refer persons of a case to an organisation, sharing the named data categories.

    Identity and contact are always shared (the receiver must know whom to expect). Without
    a valid consent covering the organisation and every category, the referral is refused
    with a message naming what is missing, unless the acting user holds the emergency
    permission and writes a reason (then it is flagged). Sent at once unless ``send`` is
    false. Side effects: the Referral, its first events, audit entries, notifications.
    """
    if case.phase == Phase.CLOSED:
        raise ReferralError(_("A closed case cannot refer anybody."))
    if organisation.municipality_id != case.municipality_id:
        raise ValidationError(
            {"organisation": _("The organisation belongs to another municipality.")}
        )
    if override and not acting_user.has_perm("referrals.override_consent"):
        raise PermissionDenied(_("Only users with the emergency permission may skip consent."))
    if override and not override_reason.strip():
        raise ValidationError(
            {"override_reason": _("Please write why the referral cannot wait for a consent.")}
        )
    chosen = list(persons)
    allowed = set(persons_of_case(case).values_list("pk", flat=True))
    if not chosen:
        raise ValidationError({"persons": _("Choose at least one person of the case.")})
    if any(p.pk not in allowed for p in chosen):
        raise ValidationError({"persons": _("Only persons of this case can be referred.")})
    codes = set(categories) | {DataCategory.IDENTITY.value}
    unknown = codes - set(DataCategory.values)
    if unknown:
        raise ValidationError(
            {"categories": _("Unknown data category: %(codes)s") % {"codes": ", ".join(unknown)}}
        )
    referral = Referral(
        municipality_id=case.municipality_id,
        case=case,
        organisation=organisation,
        service=service.strip(),
        life_domain=life_domain,
        question=question.strip(),
        urgency=urgency,
        categories=ordered_categories(codes),
        created_by=acting_user,
        override_reason=override_reason.strip() if override else "",
    )
    referral.full_clean(exclude=["persons"])
    if not override:
        _check_consent(referral, chosen)
    referral.save()
    referral.persons.set(chosen)
    ReferralEvent.objects.create(
        referral=referral, to_status=ReferralStatus.DRAFT, actor=acting_user
    )
    audit.record(
        EventType.REFERRAL_CREATED,
        actor=acting_user,
        municipality=case.municipality,
        target=referral,
        after={
            "case": case.pk,
            "organisation": organisation.pk,
            "persons": sorted(str(p.pk) for p in chosen),
            "categories": referral.categories,
            "urgency": urgency,
            "life_domain": life_domain,
        },
    )
    if override:
        audit.record(
            EventType.REFERRAL_CONSENT_OVERRIDDEN,
            actor=acting_user,
            municipality=case.municipality,
            target=referral,
            context={"reason": referral.override_reason},
        )
    if send:
        transition_referral(
            acting_user=acting_user,
            referral=referral,
            to_status=ReferralStatus.SENT,
            expected_version=referral.version,
        )
    return referral


def _changes(
    referral: Referral,
    target: ReferralStatus,
    side: Side,
    *,
    decline_reason: str,
    appointment_at: dt.datetime | None,
    feedback: str,
) -> dict[str, Any]:
    """The fields a move writes, after checking what it needs."""
    now = timezone.now()
    changes: dict[str, Any] = {"status": target}
    if target == ReferralStatus.SENT:
        if not referral.overridden:
            _check_consent(referral, list(referral.persons.all()))
        changes["sent_at"] = now
    if target == ReferralStatus.DECLINED:
        if decline_reason not in DeclineReason.values:
            raise ValidationError({"decline_reason": _("Please give the reason for declining.")})
        changes["decline_reason"] = decline_reason
    if target == ReferralStatus.APPOINTMENT_SET:
        if appointment_at is None:
            raise ValidationError({"appointment_at": _("Please give date and time.")})
        changes["appointment_at"] = appointment_at
    if side == Side.RECEIVER and referral.answered_at is None:
        changes["answered_at"] = now
    if target in TERMINAL:
        changes["closed_at"] = now
    if feedback.strip():
        changes["feedback"] = feedback.strip()
    return changes


@transaction.atomic
def transition_referral(
    *,
    acting_user: User,
    referral: Referral,
    to_status: ReferralStatus | str,
    expected_version: int,
    note: str = "",
    decline_reason: str = "",
    appointment_at: dt.datetime | None = None,
    feedback: str = "",
) -> Referral:
    """Move a referral to another status: the only place where its status changes.

    Raises ``ReferralError`` for a move the workflow does not allow, ``PermissionDenied``
    when the acting user's side may not make it, ``ConsentMissingError`` when sending
    without a consent that covers it, ``ConflictError`` for a stale version.
    Side effects: the update, a ReferralEvent, one audit entry, notifications.
    """
    if to_status not in ReferralStatus.values:
        raise ReferralError(_("Unknown status."))
    target = ReferralStatus(to_status)
    current = ReferralStatus(referral.status)
    sides = TRANSITIONS.get((current, target))
    if sides is None:
        raise ReferralError(
            _("A referral that is '%(current)s' cannot become '%(target)s'.")
            % {"current": current.label, "target": target.label}
        )
    side = side_of(acting_user, referral)
    if side not in sides:
        raise PermissionDenied(_("This step belongs to the other side of the referral."))
    changes = _changes(
        referral,
        target,
        side,
        decline_reason=decline_reason,
        appointment_at=appointment_at,
        feedback=feedback,
    )
    save_versioned(referral, expected_version=expected_version, changes=changes)
    ReferralEvent.objects.create(
        referral=referral,
        from_status=current,
        to_status=target,
        note=(note or feedback).strip(),
        actor=acting_user,
    )
    audit.record(
        EventType.REFERRAL_STATUS_CHANGED,
        actor=acting_user,
        municipality=referral.case.municipality,
        target=referral,
        before={"status": current},
        after={"status": target, "decline_reason": decline_reason or None},
    )
    if target == ReferralStatus.SENT:
        notify(_receivers(referral.organisation_id), NotificationKind.REFERRAL_RECEIVED, referral)
    elif side == Side.RECEIVER:
        notify([referral.case.owner], NotificationKind.REFERRAL_ANSWERED, referral)
    elif current != ReferralStatus.DRAFT:
        notify(_receivers(referral.organisation_id), NotificationKind.REFERRAL_CANCELLED, referral)
    return referral


@transaction.atomic
def consent_ended(*, acting_user: User | None, consent: Consent) -> list[Referral]:
    """Mark the open referrals that a withdrawn consent no longer covers, and tell both sides.

    Side effects: ``consent_lapsed_at`` on each, one audit entry each, notifications.
    """
    open_referrals = (
        Referral.objects.filter(
            persons=consent.person,
            organisation_id=consent.organisation_id,
            status__in=OPEN_STATUSES,
            consent_lapsed_at__isnull=True,
            override_reason="",
        )
        .select_related("case__owner", "organisation", "case__municipality")
        .distinct()
    )
    marked = []
    for referral in open_referrals:
        if not missing_consent([consent.person], referral.organisation, referral.categories):
            continue  # another consent still covers it
        Referral.objects.filter(pk=referral.pk).update(consent_lapsed_at=timezone.now())
        audit.record(
            EventType.REFERRAL_CONSENT_LAPSED,
            actor=acting_user,
            municipality=referral.case.municipality,
            target=referral,
            context={"consent": str(consent.pk)},
        )
        recipients = [referral.case.owner]
        if referral.status != ReferralStatus.DRAFT:
            recipients += _receivers(referral.organisation_id)
        notify(recipients, NotificationKind.CONSENT_ENDED, referral)
        marked.append(referral)
    return marked


@transaction.atomic
def notify_overdue(*, today: dt.date | None = None) -> int:
    """Tell case managers once about each sent referral without an answer in time.

    Side effects: ``overdue_notified_at`` and one notification per overdue referral.
    """
    overdue = (
        Referral.objects.filter(overdue_q(today=today), overdue_notified_at__isnull=True)
        .select_related("case__owner")
        .select_for_update()
    )
    count = 0
    for referral in overdue:
        referral.overdue_notified_at = timezone.now()
        referral.save(update_fields=["overdue_notified_at"])
        notify([referral.case.owner], NotificationKind.REFERRAL_OVERDUE, referral)
        count += 1
    return count


@transaction.atomic
def record_summary_viewed(*, acting_user: User, referral: Referral, context: str) -> None:
    """Note that a receiving organisation's user read the shared summary (page or API).

    Side effect: one audit entry.
    """
    audit.record(
        EventType.SHARED_SUMMARY_VIEWED,
        actor=acting_user,
        municipality=referral.case.municipality,
        target=referral,
        context={"via": context},
    )


@transaction.atomic
def record_referrals_exported(
    *, acting_user: User, municipality: Any, count: int, file_format: str
) -> None:
    """Note that a user downloaded referrals with personal data. Side effect: audit entry."""
    audit.record(
        EventType.REFERRALS_EXPORTED,
        actor=acting_user,
        municipality=municipality,
        context={"rows": count, "format": file_format},
    )
