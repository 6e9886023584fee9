"""What a reviewer decides about a pair of possible duplicates: two persons (rejected,
never proposed again) or one (confirmed by a coordinator, for a case manager to merge:
``services.merge_persons``). Each decision is audited."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.audit import services as audit
from lotse.audit.events import EventType
from lotse.people.enums import PairStatus
from lotse.people.models import DuplicatePair

if TYPE_CHECKING:
    from lotse.accounts.models import User


@transaction.atomic
def reject_pair(*, acting_user: User, pair: DuplicatePair) -> DuplicatePair:
    """Record that two persons are not the same; the pair is never proposed again. A pair
    a coordinator confirmed may still be rejected: the case manager who would merge it
    knows the persons.

    Side effects: the pair's status, one audit entry.
    """
    return _decide_pair(
        acting_user,
        pair,
        PairStatus.REJECTED,
        EventType.DUPLICATE_REJECTED,
        (PairStatus.OPEN, PairStatus.CONFIRMED),
    )


@transaction.atomic
def confirm_pair(*, acting_user: User, pair: DuplicatePair) -> DuplicatePair:
    """Record that two persons are the same: the pair waits for a case manager to merge
    the records (a coordinator reviews pairs but does not work with the persons' cases).

    Side effects: the pair's status, one audit entry.
    """
    return _decide_pair(
        acting_user, pair, PairStatus.CONFIRMED, EventType.DUPLICATE_CONFIRMED, (PairStatus.OPEN,)
    )


def _decide_pair(
    acting_user: User,
    pair: DuplicatePair,
    status: PairStatus,
    event_type: EventType,
    undecided: tuple[PairStatus, ...],
) -> DuplicatePair:
    pair_now = DuplicatePair.objects.select_for_update().filter(pk=pair.pk).first()
    if pair_now is None or pair_now.status not in undecided:  # gone: merged meanwhile
        raise ValidationError(_("This pair has already been decided."))
    pair, was = pair_now, pair_now.status
    pair.status = status
    pair.decided_by = acting_user
    pair.decided_at = timezone.now()
    pair.save(update_fields=["status", "decided_by", "decided_at"])
    audit.record(
        event_type,
        actor=acting_user,
        municipality=pair.municipality,
        target=pair.first,
        # "was": a confirmation a case manager overrules shows in this one entry.
        context={"other_person": str(pair.second_id), "score": pair.score, "was": was},
    )
    return pair
