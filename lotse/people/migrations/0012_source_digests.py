"""Each source id keeps a digest of each of the person's values its record gave at its last
import (``import_known``), so that an import takes over what the source changed since
and nothing else. Source ids from before start without digests: their next import compares
the row with the person, as before, and records them."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0011_pair_and_name_indexes_that_lookups_use"),
    ]

    operations = [
        migrations.AddField(
            model_name="personsource",
            name="imported",
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
    ]
