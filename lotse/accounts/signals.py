"""Sign-in, failed sign-in and sign-out go into the audit trail."""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest

from lotse.accounts.throttle import client_address
from lotse.audit import services as audit
from lotse.audit.events import EventType


def _municipality(user: Any) -> Any:
    membership = getattr(user, "membership_or_none", None)
    return membership.municipality if membership else None


def _record_session_event(event: EventType, request: HttpRequest | None, user: Any) -> None:
    with transaction.atomic():
        audit.record(
            event,
            actor=user,
            municipality=_municipality(user),
            target=user,
            context={"address": client_address(request) if request else ""},
        )


@receiver(user_logged_in)
def audit_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    _record_session_event(EventType.LOGIN, request, user)


@receiver(user_logged_out)
def audit_logout(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        _record_session_event(EventType.LOGOUT, request, user)


@receiver(user_login_failed)
def audit_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username", ""))[:150]
    known = (
        get_user_model()
        .objects.select_related("membership__municipality")
        .filter(username=username)
        .first()
    )
    with transaction.atomic():
        audit.record(
            EventType.LOGIN_FAILED,
            actor=None,
            municipality=_municipality(known) if known else None,
            target=known,
            # Django already masks the password in `credentials`; only the name is kept.
            context={
                "username": username,
                "address": client_address(request) if request else "",
            },
        )
