"""The indexes of audit entries that their lookups use: the event type without a ``LIKE``
twin, none of the municipality alone (audit_muni_time begins with it). Fewer indexes to
keep on every entry (an import writes one per person).

The indexes are dropped by name rather than by altering the fields: on SQLite, altering a
field rebuilds the table, a copy of every entry."""

import django.db.models.deletion
from django.db import migrations, models

DROPPED = [
    ("event_type", "audit_auditevent_event_type_f13571f1", True),
    ("municipality_id", "audit_auditevent_municipality_id_7e44d31c", False),
]


def drop_indexes(apps, schema_editor):
    for _column, name, _like in DROPPED:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}_like")


def restore_indexes(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    for column, name, like in DROPPED:
        schema_editor.execute(f"CREATE INDEX {name} ON audit_auditevent ({column})")
        if like and postgres:
            schema_editor.execute(
                f"CREATE INDEX {name}_like ON audit_auditevent ({column} varchar_pattern_ops)"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_append_only_trigger"),
        ("tenancy", "0004_municipality_funding"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="auditevent",
                    name="event_type",
                    field=models.CharField(max_length=80, verbose_name="event"),
                ),
                migrations.AlterField(
                    model_name="auditevent",
                    name="municipality",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="tenancy.municipality",
                        verbose_name="municipality",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(drop_indexes, restore_indexes)],
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["event_type"], name="audit_event_type"),
        ),
    ]
