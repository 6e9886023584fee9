"""The indexes of persons that their lookups use: the name keys together with the
municipality (every lookup names it), none of the municipality alone (the other indexes
begin with it), none for ``LIKE`` on a key. Fewer indexes to keep on every import.

The indexes are dropped by name rather than by altering the fields: on SQLite, altering a
field rebuilds the table, and the rebuilt table would lose the triggers that count names
(migration 0007)."""

import django.db.models.deletion
from django.db import migrations, models

# (table, column, with a LIKE twin on PostgreSQL) of each index dropped
DROPPED = [
    ("people_person", "given_key", "people_person_given_key_696040a9", True),
    ("people_person", "family_key", "people_person_family_key_0f2ff60f", True),
    ("people_person", "municipality_id", "people_person_municipality_id_f839cd47", False),
    (
        "people_personsource",
        "municipality_id",
        "people_personsource_municipality_id_171f3da7",
        False,
    ),
]


def drop_indexes(apps, schema_editor):
    for _table, _column, name, _like in DROPPED:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}_like")


def restore_indexes(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    for table, column, name, like in DROPPED:
        schema_editor.execute(f"CREATE INDEX {name} ON {table} ({column})")
        if like and postgres:
            schema_editor.execute(
                f"CREATE INDEX {name}_like ON {table} ({column} varchar_pattern_ops)"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0009_person_trigram_indexes_dropped"),
        ("tenancy", "0004_municipality_funding"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="person",
                    name="family_key",
                    field=models.CharField(editable=False, max_length=150),
                ),
                migrations.AlterField(
                    model_name="person",
                    name="given_key",
                    field=models.CharField(editable=False, max_length=150),
                ),
                migrations.AlterField(
                    model_name="person",
                    name="municipality",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="persons",
                        to="tenancy.municipality",
                    ),
                ),
                migrations.AlterField(
                    model_name="personsource",
                    name="municipality",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="tenancy.municipality",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(drop_indexes, restore_indexes)],
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["municipality", "given_key"], name="person_given"),
        ),
    ]
