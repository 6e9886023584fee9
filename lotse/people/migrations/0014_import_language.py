"""The language of the page a file was imported from: the worker writes the report's
messages in it."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0013_skeletons_of_sch"),
    ]

    operations = [
        migrations.AddField(
            model_name="personimport",
            name="language",
            field=models.CharField(blank=True, default="", max_length=10),
        ),
    ]
