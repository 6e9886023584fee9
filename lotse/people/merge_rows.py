"""What a merge (``services.merge_persons``) does to the rows around the record merged away:
the rows that refer to it point at the survivor, its pairs with third persons (rejected,
confirmed or waiting for review) become the survivor's, and each status history keeps one current
record."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models

from lotse.people import duplicates
from lotse.people.enums import PairStatus
from lotse.people.models import DuplicatePair, Person


def keep_pairs(other: Person, survivor: Person) -> dict[str, list[str]]:
    """The pairs of ``other`` with third persons, as pairs of ``survivor``, who now is
    other too: a rejected one stays rejected (other is not that person, so neither is the
    survivor; it outweighs a pair of the survivor still open or confirmed), a confirmed one
    stays confirmed (waiting to be merged; it outweighs an open pair of the survivor, not a
    rejected one), an open one stays in the queue where the survivor has no pair with that
    person yet (an import queues a row with each person it is as like as the best). The
    other's pairs themselves go with it. Returns the ids of those third persons, by what
    was kept (for the merge's audit entry)."""
    kept: dict[str, list[str]] = {"rejected": [], "confirmed": [], "open": []}
    # Both records' pairs locked first: a reviewer deciding one of them meanwhile is waited
    # for, and what they decided is what is read and kept.
    both = [other.pk, survivor.pk]
    list(
        DuplicatePair.objects.select_for_update()
        .filter(models.Q(first__in=both) | models.Q(second__in=both))
        .order_by("pk")
        .values_list("pk")
    )
    pairs = DuplicatePair.objects.filter(
        models.Q(first=other) | models.Q(second=other),
        status__in=[PairStatus.REJECTED, PairStatus.CONFIRMED, PairStatus.OPEN],
    )
    for pair in pairs.order_by("pk"):
        third = pair.second_id if pair.first_id == other.pk else pair.first_id
        if third == survivor.pk:
            continue
        first, second = duplicates.ordered(survivor.pk, third)
        values = {
            "municipality_id": pair.municipality_id,
            "score": pair.score,
            "evidence": pair.evidence,
            "status": pair.status,
            "decided_at": pair.decided_at,
            "decided_by_id": pair.decided_by_id,
        }
        if pair.status == PairStatus.REJECTED:
            DuplicatePair.objects.update_or_create(
                first_id=first, second_id=second, defaults=values
            )
        else:
            existing, created = DuplicatePair.objects.get_or_create(
                first_id=first, second_id=second, defaults=values
            )
            if not created:
                if pair.status != PairStatus.CONFIRMED:
                    continue
                upgraded = DuplicatePair.objects.filter(
                    pk=existing.pk, status=PairStatus.OPEN
                ).update(**values)
                if not upgraded:
                    continue
        kept[pair.status].append(str(third))
    return kept


def move_related(other: Person, survivor: Person) -> dict[str, int]:
    """Point every row that refers to ``other`` at ``survivor``. Rows the survivor already
    has (the same language, the same referral) are dropped instead of doubled."""
    moved: dict[str, int] = {}
    for relation in Person._meta.get_fields(include_hidden=True):
        if not (isinstance(relation, models.ManyToOneRel) and relation.auto_created):
            continue
        model: Any = relation.related_model
        name = relation.field.name
        if model is DuplicatePair:
            continue  # the other's pairs go with it
        rows = model._base_manager.filter(**{name: other})
        for together in _unique_sets(model, name):
            rest = [field for field in together if field != name]
            taken = model._base_manager.filter(**{name: survivor}).values_list(*rest)
            for values in taken:
                rows.filter(**dict(zip(rest, values, strict=True))).delete()
        count = rows.update(**{name: survivor})
        if count:
            moved[model._meta.label] = count
    return moved


def _unique_sets(model: Any, name: str) -> list[tuple[str, ...]]:
    sets = [tuple(fields) for fields in model._meta.unique_together]
    sets += [
        tuple(constraint.fields)
        for constraint in model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields
    ]
    return [fields for fields in sets if name in fields and len(fields) > 1]


def one_open_status(survivor: Person) -> int:
    """After a merge each status history of ``survivor`` (residence, health insurance) holds
    the open records of both persons: the newest (by its start) stays the current one, the
    others end the day before it starts, as a status recorded later ends the one before.
    Returns how many records were ended."""
    ended = 0
    histories: list[Any] = [survivor.residence_history, survivor.insurance_history]
    for history in histories:
        records = list(
            history.filter(valid_until__isnull=True).order_by("-valid_from", "-recorded_at", "-pk")
        )
        for record in records[1:]:
            start = records[0].valid_from
            record.valid_until = max(record.valid_from, start - dt.timedelta(days=1))
            record.save(update_fields=["valid_until"])
            ended += 1
    return ended
