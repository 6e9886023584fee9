"""The demo clearing cases reproduce the figures the clearing office published."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from lotse.clearing.models import ClearingCase, ClearingStep
from lotse.clearing.statistics import clearing_statistics
from lotse.tenancy.models import Municipality

pytestmark = pytest.mark.django_db


def test_demo_clearing_reproduces_the_published_figures():
    out = io.StringIO()
    call_command("seed-demo", households=1, stdout=out)
    assert "287 health-insurance clearing cases" in out.getvalue()
    duisburg = Municipality.objects.get(slug="duisburg")
    stats = clearing_statistics(duisburg.pk, dt.date(2026, 1, 1), dt.date(2026, 4, 30))
    assert stats.persons == 287
    assert stats.without_status == 199
    nationality = {row[0]: row[1] for row in stats.tables["nationality"].rows}
    assert nationality["Rumänien"] == 119
    assert nationality["Bulgarien"] == 107
    assert sum(nationality.values()) == 287
    assert 0 < stats.open_cases < 287
    assert ClearingStep.objects.count() >= 287


def test_demo_without_households_has_no_clearing_cases():
    call_command("seed-demo", households=0, stdout=io.StringIO())
    assert not ClearingCase.objects.exists()


def test_demo_clearing_is_created_once():
    call_command("seed-demo", households=1, stdout=io.StringIO())
    call_command("seed-demo", households=1, stdout=io.StringIO())
    assert ClearingCase.objects.count() == 287


def test_demo_clearing_end_statuses_match_the_persons_insurance_history():
    call_command("seed-demo", households=1, stdout=io.StringIO())
    closed = ClearingCase.objects.filter(status_at_end="not_insured").select_related("person")
    for clearing in closed[:10]:
        current = clearing.person.insurance_history.get(valid_until__isnull=True)
        assert current.status == "not_insured"
