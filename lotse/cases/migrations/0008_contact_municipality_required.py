"""The contact's municipality is required, and indexed for the dashboard's count of a
municipality's contacts in a period."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_contact_municipality")]

    operations = [
        migrations.AlterField(
            model_name="contact",
            name="municipality",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="tenancy.municipality",
            ),
        ),
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(
                fields=["municipality", "contact_on"],
                include=("form", "interpreter_used"),
                name="contact_municipality_day",
            ),
        ),
    ]
