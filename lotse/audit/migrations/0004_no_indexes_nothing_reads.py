"""No indexes that no lookup of the audit trail uses: the time alone (the trail is read
per municipality, newest first, which ``audit_muni_time`` serves) and the event type
(nothing looks entries up by it). Two index entries fewer for every entry written; an
import writes one per person.

The time's index is dropped by name rather than by altering the field: on SQLite, altering
a field rebuilds the table, a copy of every entry."""

from django.db import migrations, models

TIME_INDEX = "audit_auditevent_occurred_at_1f007848"


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_indexes_without_twins")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="auditevent",
                    name="occurred_at",
                    field=models.DateTimeField(verbose_name="time (UTC)"),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX IF EXISTS {TIME_INDEX}",
                    f"CREATE INDEX {TIME_INDEX} ON audit_auditevent (occurred_at)",
                ),
            ],
        ),
        migrations.RemoveIndex(model_name="auditevent", name="audit_event_type"),
    ]
