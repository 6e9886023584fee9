"""Throttling of failed sign-ins.

Failures are counted per (username, address) and per address, in the shared cache, for a
fixed window. A username alone is never locked: an attacker elsewhere cannot lock a case
manager out, and an office behind one address keeps working when one name is attacked.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    # REMOTE_ADDR only: behind a proxy the operator sets it from X-Forwarded-For in the
    # proxy, not here, so that clients cannot forge the address they are counted under.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(*parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return f"login-failures:{digest}"


def _keys(username: str, address: str) -> tuple[str, str]:
    return _key("user+address", username.strip().lower(), address), _key("address", address)


def is_throttled(username: str, address: str) -> bool:
    user_key, address_key = _keys(username, address)
    counts = cache.get_many([user_key, address_key])
    return (
        counts.get(user_key, 0) >= settings.LOTSE_LOGIN_FAILURES_PER_USER_AND_ADDRESS
        or counts.get(address_key, 0) >= settings.LOTSE_LOGIN_FAILURES_PER_ADDRESS
    )


def register_failure(username: str, address: str) -> None:
    for key in _keys(username, address):
        # add() starts the window; incr() keeps its expiry.
        if not cache.add(key, 1, timeout=settings.LOTSE_LOGIN_THROTTLE_SECONDS):
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, timeout=settings.LOTSE_LOGIN_THROTTLE_SECONDS)


def reset(username: str, address: str) -> None:
    user_key, _address_key = _keys(username, address)
    cache.delete(user_key)


def window_minutes() -> int:
    return max(1, settings.LOTSE_LOGIN_THROTTLE_SECONDS // 60)
