"""The persons' name skeletons made again where the folding of "sch" changed them.

The skeleton folded "ch" before "sch", so that a German "sch" (Schewtschenko, Sascha,
Fischer) kept a "c" and never met "sh" (Shevchenko, Sasha, Fisher) or the Cyrillic "ш" it
stands for (docs/decisions/0012-name-matching.md: sch, sh and ş fold to s). The stored
skeletons (``Person.name_skeleton``, and through the person table's triggers the distinct
names) are made with the current ``person_skeleton``, each changed one written once."""

from django.db import migrations

from lotse.people.models import person_skeleton

_PART = 2000


def make_again(apps, schema_editor):
    person_model = apps.get_model("people", "Person")
    rows = person_model.objects.order_by().values_list(
        "pk", "given_name", "family_name", "name_original", "other_names", "name_skeleton"
    )
    changed = [
        person_model(pk=pk, name_skeleton=now)
        for pk, given, family, original, other, stored in rows.iterator(chunk_size=_PART)
        if (now := person_skeleton(given, family, original, other)) != stored
    ]
    person_model.objects.bulk_update(changed, ["name_skeleton"], batch_size=_PART)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0012_source_digests"),
    ]

    operations = [migrations.RunPython(make_again, migrations.RunPython.noop, elidable=True)]
