"""The trigram indexes on the persons (0003) go: the search (0007) and the warning at intake
look for similar names among the distinct names (``PersonName``), which have their own.
Every insert into the person table (an import of many thousand rows) no longer pays for
three GIN indexes."""

from django.db import migrations

NAME_COLUMNS = ("given_key", "family_key", "name_skeleton")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in NAME_COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS person_{column}_trgm")


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in NAME_COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS person_{column}_trgm "
            f"ON people_person USING gin ({column} gin_trgm_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [("people", "0008_person_import_progress")]

    operations = [migrations.RunPython(drop_indexes, create_indexes, elidable=False)]
