"""Telling people what happened: a notification in Lotse and an e-mail without personal data."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lotse.notifications.models import Notification, NotificationKind

if TYPE_CHECKING:
    from lotse.accounts.models import User
    from lotse.referrals.models import Referral

logger = logging.getLogger(__name__)


def notify(recipients: Iterable[User], kind: NotificationKind, referral: Referral) -> None:
    """One notification per recipient; e-mails go out once the transaction has committed.

    The e-mail says only that something waits in Lotse (no names, no case contents).
    """
    people = {user.pk: user for user in recipients if user.is_active}
    Notification.objects.bulk_create(
        Notification(recipient=user, kind=kind, referral=referral) for user in people.values()
    )
    addresses = sorted({user.email for user in people.values() if user.email})
    if addresses:
        transaction.on_commit(lambda: _send(addresses, kind))


def _send(addresses: list[str], kind: NotificationKind) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Lotse: %(what)s") % {"what": kind.label}
        body = _(
            "There is news for you in Lotse: %(what)s.\n\nPlease sign in to see it. For the "
            "protection of the people concerned this e-mail contains no details."
        ) % {"what": kind.label}
    for address in addresses:
        try:
            send_mail(subject, body, None, [address])
        except OSError:
            logger.warning("notification e-mail could not be sent (%s)", kind)


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


@transaction.atomic
def mark_all_read(*, acting_user: User) -> int:
    """Mark the user's notifications read. Side effect: the update (not audited: no
    personal data changes)."""
    return Notification.objects.filter(recipient=acting_user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
