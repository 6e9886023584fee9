"""Writing the audit trail: one line for every service.

``record`` refuses to run outside a transaction, so an entry is always committed or rolled
back together with the change it describes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import getpass
from collections.abc import Iterable, Iterator, Mapping
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from django.db import connection, models
from django.forms.models import model_to_dict

from lotse.audit.events import EventType
from lotse.audit.models import AuditEvent
from lotse.core import bulk

if TYPE_CHECKING:
    from lotse.accounts.models import User
    from lotse.tenancy.models import Municipality

MASK = "***"
# Field names whose values never enter the audit trail in clear text.
SECRET_FIELDS = frozenset({"password", "token", "token_hash", "secret", "api_key", "totp"})


# Who wrote entries without a user: a command line run (``run_by_command``).
_COMMAND: ContextVar[str] = ContextVar("audit_command", default="")


@contextlib.contextmanager
def run_by_command(name: str) -> Iterator[None]:
    """Entries written without a user while this runs name the command and the operating
    system's user who started it ("import-persons (meier)"), not just "System"."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no name for the process's user id (a bare container)
        user = "?"
    token = _COMMAND.set(f"{name} ({user})")
    try:
        yield
    finally:
        _COMMAND.reset(token)


def audited_as_command(handle: Any) -> Any:
    """A management command's ``handle`` run in ``run_by_command`` with the command's name."""

    @functools.wraps(handle)
    def run(self: Any, *args: Any, **options: Any) -> Any:
        with run_by_command(type(self).__module__.rsplit(".", 1)[-1]):
            return handle(self, *args, **options)

    return run


class AuditOutsideTransactionError(RuntimeError):
    """An audit entry must be written in the same transaction as its change."""


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _jsonable(value: Any) -> Any:
    # Most values are plain: their type is looked up before the slower checks.
    if type(value) in _SCALARS or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, Iterable):
        return [_jsonable(v) for v in value]
    return str(value)


@functools.lru_cache(maxsize=1024)
def _is_secret(field: str) -> bool:
    name = field.lower()
    return name in SECRET_FIELDS or any(part in name for part in ("password", "secret"))


def snapshot(instance: models.Model, *, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The audit-ready state of a model instance: plain JSON, secrets masked."""
    data = model_to_dict(instance, fields=list(fields) if fields is not None else None)
    return {key: (MASK if _is_secret(key) else _jsonable(value)) for key, value in data.items()}


def diff(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> dict[str, Any]:
    """Changed fields as ``{field: [old, new]}``; secrets masked on both sides."""
    before = before or {}
    after = after or {}
    changes: dict[str, Any] = {}
    if not before:  # a creation: every value given is new (many thousand on an import)
        for key in sorted(after):
            value = _jsonable(after[key])
            if value is not None:
                changes[key] = [MASK, MASK] if _is_secret(key) else [None, value]
        return changes
    for key in sorted(set(before) | set(after)):
        old, new = _jsonable(before.get(key)), _jsonable(after.get(key))
        if old == new:
            continue
        changes[key] = [MASK, MASK] if _is_secret(key) else [old, new]
    return changes


def build(
    event_type: EventType,
    *,
    actor: User | None,
    municipality: Municipality | None = None,
    target: models.Model | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    context: Mapping[str, Any] | None = None,
    occurred_at: dt.datetime | None = None,
) -> AuditEvent:
    """One entry of the audit trail, not yet written (see ``record`` and ``record_many``)."""
    if not isinstance(event_type, EventType):
        raise TypeError(f"unknown audit event type {event_type!r}")
    actor_label = ""
    if actor is not None and actor.is_authenticated:
        actor_label = actor.get_username()
    else:
        actor, actor_label = None, _COMMAND.get()
    return AuditEvent(
        occurred_at=occurred_at or dt.datetime.now(tz=dt.UTC),
        event_type=event_type.value,
        actor=actor,
        actor_label=actor_label,
        municipality=municipality,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        changes=diff(before, after),
        context={
            key: (MASK if _is_secret(key) else _jsonable(value))
            for key, value in (context or {}).items()
        },
    )


def record(
    event_type: EventType,
    *,
    actor: User | None,
    municipality: Municipality | None = None,
    target: models.Model | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    context: Mapping[str, Any] | None = None,
    occurred_at: dt.datetime | None = None,
) -> AuditEvent:
    """Append one entry to the audit trail.

    Side effects: inserts one ``AuditEvent``. Raises ``AuditOutsideTransactionError`` when
    called outside ``transaction.atomic`` so that no change commits without its entry.
    """
    if not connection.in_atomic_block:
        raise AuditOutsideTransactionError(event_type)
    event = build(
        event_type,
        actor=actor,
        municipality=municipality,
        target=target,
        before=before,
        after=after,
        context=context,
        occurred_at=occurred_at,
    )
    event.save()
    return event


def record_many(events: list[AuditEvent]) -> None:
    """Append many entries built with ``build`` at once (an import of many records), in the
    transaction of the change like ``record``."""
    if not connection.in_atomic_block:
        raise AuditOutsideTransactionError(events[0].event_type if events else "")
    bulk.insert_objects(AuditEvent, events)


def record_changes(
    event_type: EventType,
    *,
    actor: User | None,
    municipality: Municipality | None,
    model: type[models.Model],
    changes: Iterable[tuple[Any, Mapping[str, Any] | None, Mapping[str, Any] | None]],
    context: Mapping[str, Any] | None = None,
    occurred_at: dt.datetime | None = None,
    writer: bulk.Background | None = None,
) -> None:
    """Append one entry per changed record of ``model``: ``changes`` holds (primary key,
    before, after) of each, the entries are those ``build`` makes (one event type, actor,
    context and time for all). For an import of many records: no model instance is built.
    With ``writer``, the entries are written in its thread (``bulk.Background``).
    """
    if not connection.in_atomic_block:
        raise AuditOutsideTransactionError(event_type)
    template = build(
        event_type,
        actor=actor,
        municipality=municipality,
        context=context,
        occurred_at=occurred_at,
    )
    common = {
        "occurred_at": template.occurred_at,
        "event_type": template.event_type,
        "actor_id": template.actor_id,
        "actor_label": template.actor_label,
        "municipality_id": template.municipality_id,
        "target_type": model._meta.label_lower,
        "context": template.context,
    }
    insert = writer.insert if writer is not None else bulk.insert
    insert(
        AuditEvent,
        [
            {**common, "target_id": str(pk), "changes": diff(before, after)}
            for pk, before, after in changes
        ],
    )
