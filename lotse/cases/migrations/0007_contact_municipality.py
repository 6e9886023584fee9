"""Contacts carry their case's municipality, filled for the existing ones (made required in
0008: on PostgreSQL a table cannot be altered in the transaction that updated it while its
foreign keys are still to be checked)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_municipality(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Contact = apps.get_model("cases", "Contact")
    Contact.objects.update(
        municipality_id=Subquery(
            Case.objects.filter(pk=OuterRef("case_id")).values("municipality_id")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_contact_case_day"),
        ("tenancy", "0004_municipality_funding"),
    ]

    operations = [
        migrations.AddField(
            model_name="contact",
            name="municipality",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="tenancy.municipality",
            ),
        ),
        migrations.RunPython(fill_municipality, migrations.RunPython.noop, elidable=True),
    ]
