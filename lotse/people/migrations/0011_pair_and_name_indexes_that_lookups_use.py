"""No index of their own for the pairs' municipality and first person and for the distinct
names' municipality: ``pair_queue`` begins with the municipality, ``duplicate_pair_once``
with the first person, ``person_name_once`` with the municipality. Three index entries
fewer for every pair and new name an import writes.

Dropped by name as in 0010: on SQLite, altering a field rebuilds the table, and the name
table is written by the triggers on the persons (migration 0007)."""

import django.db.models.deletion
from django.db import migrations, models

# (table, column, name) of each index dropped
DROPPED = [
    ("people_duplicatepair", "first_id", "people_duplicatepair_first_id_10e3156a"),
    ("people_duplicatepair", "municipality_id", "people_duplicatepair_municipality_id_bd190405"),
    ("people_personname", "municipality_id", "people_personname_municipality_id_f5287074"),
]


def drop_indexes(apps, schema_editor):
    for _table, _column, name in DROPPED:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def restore_indexes(apps, schema_editor):
    for table, column, name in DROPPED:
        schema_editor.execute(f"CREATE INDEX {name} ON {table} ({column})")


def _key(to: str, on_delete) -> models.ForeignKey:
    return models.ForeignKey(db_index=False, on_delete=on_delete, related_name="+", to=to)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0010_person_indexes_that_lookups_use"),
        ("tenancy", "0004_municipality_funding"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="duplicatepair",
                    name="first",
                    field=_key("people.person", django.db.models.deletion.CASCADE),
                ),
                migrations.AlterField(
                    model_name="duplicatepair",
                    name="municipality",
                    field=_key("tenancy.municipality", django.db.models.deletion.PROTECT),
                ),
                migrations.AlterField(
                    model_name="personname",
                    name="municipality",
                    field=_key("tenancy.municipality", django.db.models.deletion.CASCADE),
                ),
            ],
            database_operations=[migrations.RunPython(drop_indexes, restore_indexes)],
        ),
    ]
