"""Optimistic concurrency: every editable record carries a version; stale saves fail."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


@dataclass(frozen=True)
class FieldConflict:
    field: str
    label: str
    current: Any
    yours: Any


class ConflictError(Exception):
    """Someone saved the record after the editor loaded it; nothing was overwritten."""

    def __init__(self, instance: models.Model, conflicts: Sequence[FieldConflict]) -> None:
        self.instance = instance
        self.conflicts = list(conflicts)
        super().__init__(self.message)

    @property
    def message(self) -> str:
        if not self.conflicts:
            return _(
                "Someone else saved this record while you were editing it. Nothing has been "
                "overwritten. Please check the current state and enter your changes again."
            )
        fields = ", ".join(c.label for c in self.conflicts)
        return _(
            "Someone else saved this record while you were editing it: %(fields)s changed. "
            "Nothing has been overwritten. Please check the current values and enter your "
            "changes again."
        ) % {"fields": fields}


def save_versioned(
    instance: VersionedModel, *, expected_version: int, changes: Mapping[str, Any]
) -> None:
    """Write ``changes`` only if the row still has ``expected_version``; bump the version.

    Raises ``ConflictError`` naming the fields whose stored value differs from the values
    the editor submitted, so the page can show what changed.
    """
    model = type(instance)
    values = {
        (f"{name}_id" if isinstance(model._meta.get_field(name), models.ForeignKey) else name): (
            value.pk if isinstance(value, models.Model) else value
        )
        for name, value in changes.items()
    }
    updated = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
        **values, version=expected_version + 1, updated_at=timezone.now()
    )
    if updated == 0:
        current = model._default_manager.get(pk=instance.pk)
        conflicts = [
            FieldConflict(
                field=name,
                label=str(getattr(model._meta.get_field(name), "verbose_name", name)),
                current=getattr(current, name),
                yours=value,
            )
            for name, value in changes.items()
            if getattr(current, name) != value
        ]
        raise ConflictError(current, conflicts)
    for name, value in changes.items():
        setattr(instance, name, value)
    instance.version = expected_version + 1
