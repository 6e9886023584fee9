"""The persons' name keys and skeletons made again with the current ``names`` functions,
for the data migrations that change how names are read (0015, 0018)."""

from typing import Any

from lotse.people.models import person_skeleton
from lotse.people.names import name_key

_PART = 2000
_FIELDS = ("given_key", "family_key", "name_skeleton")


def make_again(apps: Any, schema_editor: Any) -> None:
    """The stored keys and skeletons (``Person.given_key``, ``family_key``,
    ``name_skeleton``, and through the person table's triggers the distinct names) made with
    the current functions, each changed person written once. Part by part in the order of
    the ids (the next part after the last id of the one before), each changed person written
    before the next part is read: memory stays small at a million persons, and no read goes
    on while its table is written."""
    person_model = apps.get_model("people", "Person")
    persons = person_model.objects.order_by("pk")
    last = None
    while True:
        part = persons if last is None else persons.filter(pk__gt=last)
        rows = list(
            part.values_list(
                "pk", "given_name", "family_name", "name_original", "other_names", *_FIELDS
            )[:_PART]
        )
        if not rows:
            return
        changed = []
        for pk, given, family, original, other, *stored in rows:
            now = (
                name_key(given),
                name_key(family),
                person_skeleton(given, family, original, other),
            )
            if list(now) != stored:
                changed.append(person_model(pk=pk, **dict(zip(_FIELDS, now, strict=True))))
        person_model.objects.bulk_update(changed, list(_FIELDS))
        last = rows[-1][0]
