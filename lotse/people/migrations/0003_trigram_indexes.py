"""Trigram indexes for the name search on PostgreSQL (pg_trgm, a trusted extension that the
database owner may create). SQLite has no such indexes; the search works without them."""

from django.db import migrations

NAME_COLUMNS = ("given_key", "family_key", "name_skeleton")


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in NAME_COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS person_{column}_trgm "
            f"ON people_person USING gin ({column} gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in NAME_COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS person_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("people", "0002_person_name_skeleton")]

    operations = [migrations.RunPython(create_indexes, drop_indexes, elidable=False)]
