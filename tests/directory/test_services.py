"""The service directory: who may keep which entry, what is refused, what is audited."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from lotse.accounts.enums import Role
from lotse.audit.events import EventType
from lotse.audit.models import AuditEvent
from lotse.core.concurrency import ConflictError
from lotse.directory import services
from lotse.directory.models import Service
from tests.factories import OrganisationFactory, SiteFactory, make_user

pytestmark = pytest.mark.django_db

BASE = {
    "name": "Migrationsberatung für Erwachsene",
    "description": "Beratung zu Aufenthalt, Sprache und Arbeit.",
    "life_domains": ["residence", "language", "work"],
    "target_groups": ["everyone"],
    "languages": ["de", "ar", "ro"],
}


@pytest.fixture
def landscape():
    coordinator = make_user(Role.COORDINATOR)
    municipality = coordinator.membership.municipality
    awo = OrganisationFactory(municipality=municipality, name="AWO")
    caritas = OrganisationFactory(municipality=municipality, name="Caritas")
    awo_staff = make_user(Role.PARTNER_STAFF, municipality, organisation=awo)
    return {
        "coordinator": coordinator,
        "municipality": municipality,
        "awo": awo,
        "caritas": caritas,
        "awo_staff": awo_staff,
        "site": SiteFactory(organisation=awo),
    }


def test_coordinator_keeps_every_entry_partner_only_their_own(landscape):
    mbe = services.create_service(
        acting_user=landscape["coordinator"],
        organisation=landscape["caritas"],
        sites=[landscape["site"]],
        **BASE,
    )
    assert list(mbe.sites.all()) == [landscape["site"]]
    own = services.create_service(
        acting_user=landscape["awo_staff"], organisation=landscape["awo"], **BASE
    )
    coordinator, partner = landscape["coordinator"], landscape["awo_staff"]
    assert coordinator.has_perm("directory.change_service", mbe)
    assert coordinator.has_perm("directory.change_service", own)
    assert not partner.has_perm("directory.change_service", mbe)
    assert partner.has_perm("directory.change_service", own)
    assert not make_user(Role.COORDINATOR).has_perm("directory.change_service", own)
    assert not make_user(Role.CASE_MANAGER, landscape["municipality"]).has_perm(
        "directory.change_service", own
    )
    services.update_service(
        acting_user=partner, service=own, expected_version=own.version, waiting_days=14
    )
    own.refresh_from_db()
    assert own.waiting_days == 14
    assert AuditEvent.objects.filter(event_type=EventType.SERVICE_CREATED).count() == 2
    updated = AuditEvent.objects.get(event_type=EventType.SERVICE_UPDATED)
    assert updated.changes["waiting_days"] == [None, 14]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"life_domains": ["cooking"]}, "life_domains"),
        ({"life_domains": []}, "life_domains"),
        ({"languages": ["xx"]}, "languages"),
        ({"target_groups": ["aliens"]}, "target_groups"),
        ({"age_min": 27, "age_max": 12}, "age_max"),
        ({"valid_from": dt.date(2026, 5, 1), "valid_until": dt.date(2026, 1, 1)}, "valid_until"),
        ({"translations": {"xx": {"name": "?"}}}, "translations"),
    ],
)
def test_bad_entries_are_refused_and_nothing_saved(landscape, changes, field):
    with pytest.raises(ValidationError) as refused:
        services.create_service(
            acting_user=landscape["coordinator"],
            organisation=landscape["awo"],
            **{**BASE, **changes},
        )
    assert field in refused.value.message_dict
    assert not Service.objects.exists()


def test_site_of_another_municipality_is_refused(landscape):
    with pytest.raises(ValidationError):
        services.create_service(
            acting_user=landscape["coordinator"],
            organisation=landscape["awo"],
            sites=[SiteFactory()],
            **BASE,
        )
    assert not Service.objects.exists()


def test_stale_update_is_a_conflict(landscape):
    service = services.create_service(
        acting_user=landscape["coordinator"], organisation=landscape["awo"], **BASE
    )
    stale = service.version
    services.update_service(
        acting_user=landscape["coordinator"], service=service, expected_version=stale, capacity=40
    )
    with pytest.raises(ConflictError):
        services.update_service(
            acting_user=landscape["awo_staff"],
            service=Service.objects.get(pk=service.pk),
            expected_version=stale,
            capacity=10,
        )
    assert Service.objects.get(pk=service.pk).capacity == 40


def test_text_falls_back_to_german(landscape):
    service = services.create_service(
        acting_user=landscape["coordinator"],
        organisation=landscape["awo"],
        translations={"ar": {"name": "استشارة الهجرة", "description": ""}},
        **BASE,
    )
    assert service.text_in("ar") == ("استشارة الهجرة", BASE["description"])
    assert service.text_in("tr") == (BASE["name"], BASE["description"])
