import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from lotse.accounts.models import Membership, User
from lotse.audit.models import AuditEvent
from lotse.cases.enums import Phase
from lotse.cases.models import Case
from lotse.people.models import Household, Person
from lotse.tenancy.models import Municipality, OpeningHours, Organisation, Site

pytestmark = pytest.mark.django_db

DEMO_USERS = {
    "cm.hamborn",
    "cm.hochfeld",
    "cm.rheinhausen",
    "koordination.duisburg",
    "leitung.duisburg",
    "jobcenter.duisburg",
    "abh.duisburg",
    "awo.duisburg",
    "clearing.duisburg",
    "admin.duisburg",
    "cm.wuppertal",
    "land.nrw",
}


def _counts():
    return [
        model.objects.count()
        for model in (Municipality, Organisation, Site, OpeningHours, User, Membership, AuditEvent)
    ]


def test_seed_demo_is_idempotent(capsys):
    call_command("seed-demo", households=0)
    first = _counts()
    call_command("seed-demo", households=0)
    assert _counts() == first
    assert "nothing created" in capsys.readouterr().out


def test_seed_demo_creates_duisburg_and_wuppertal_with_users():
    call_command("seed-demo", households=0)
    assert set(Municipality.objects.values_list("slug", flat=True)) == {"duisburg", "wuppertal"}
    assert set(User.objects.values_list("username", flat=True)) == DEMO_USERS
    hochfeld = Site.objects.get(name="Regionales Unterstützungszentrum Hochfeld")
    assert (hochfeld.street, hochfeld.postcode, hochfeld.district) == (
        "Brückenstraße 30",
        "47053",
        "Hochfeld",
    )
    assert hochfeld.phone_numbers == ["0203-60802707"]
    office = sorted(
        (h.weekday, f"{h.opens:%H:%M}", f"{h.closes:%H:%M}")
        for h in hochfeld.hours.filter(kind="office")
    )
    assert office == [(0, "10:00", "12:00"), (2, "14:00", "16:00")]
    assert User.objects.get(username="land.nrw").membership.municipality is None


@pytest.mark.parametrize("username", sorted(DEMO_USERS))
def test_demo_users_sign_in_with_the_demo_password(username):
    call_command("seed-demo", households=0)
    assert authenticate(username=username, password="lotse-demo") is not None


def test_seed_demo_is_refused_outside_demo_installations(settings):
    settings.LOTSE_DEMO_ALLOWED = False
    with pytest.raises(CommandError, match="LOTSE_DEMO=1"):
        call_command("seed-demo", households=0)
    assert User.objects.count() == 0


def test_demo_households_have_cases_in_every_phase_and_are_created_once():
    call_command("seed-demo", households=40, stdout=io.StringIO())
    phases = set(Case.objects.values_list("phase", flat=True))
    assert phases == set(Phase.values)
    # The households of the case demo; the clearing demo adds its own (one per person).
    assert Household.objects.filter(members__clearing_cases__isnull=True).distinct().count() == 40
    assert Person.objects.filter(birth_date_precision="year").exists()
    before = (Case.objects.count(), Person.objects.count(), AuditEvent.objects.count())
    call_command("seed-demo", households=40, stdout=io.StringIO())
    assert (Case.objects.count(), Person.objects.count(), AuditEvent.objects.count()) == before
    # Invented people only: every demo person is a member of a household of the demo.
    assert not Person.objects.filter(household__isnull=True).exists()
