"""The persons' name keys and skeletons made again where the keys and the folding changed.

- A soft or hard sign (ь, ъ), an Arabic ayn or hamza (ع, ء) and an apostrophe no longer
  split a word (Ольга: "olga", not "ol ga"); و and ي inside an Arabic or Farsi word are the
  vowels u and i (يوسف: "yusf", like Yusuf), a و also w in the stored skeletons (مروان:
  Marwan); a closing ة is an a; a key holds at most 150 characters (``names.name_key``).
- The skeletons fold German transcriptions: a j where English writes y (Jussuf, Yusuf), the
  final j or y of Slavic names (Sergej, Sergey), a j that softens a consonant (Tatjana,
  Tatiana), dsch (Dschamal, Jamal), zh like sch
  (Schukow, Zhukov), ts and tz like z (Zwetan, Tsvetan) (``names.skeleton``).

The stored keys and skeletons (``Person.given_key``, ``family_key``, ``name_skeleton``, and
through the person table's triggers the distinct names) are made with the current
functions, each changed person written once."""

from django.db import migrations

from lotse.people.models import person_skeleton
from lotse.people.names import name_key

_PART = 2000
_FIELDS = ("given_key", "family_key", "name_skeleton")


def make_again(apps, schema_editor):
    """Part by part in the order of the ids (the next part after the last id of the one
    before), each changed person written before the next part is read: memory stays small
    at a million persons, and no read goes on while its table is written."""
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


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0014_import_language"),
    ]

    operations = [migrations.RunPython(make_again, migrations.RunPython.noop, elidable=True)]
