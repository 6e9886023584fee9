import datetime as dt

import pytest
from django.utils import timezone, translation

from lotse.accounts.enums import Role
from lotse.cases import services as case_services
from lotse.consents import services as consent_services
from lotse.people import services as people_services
from lotse.tenancy.enums import OrganisationKind
from tests.factories import OrganisationFactory, SiteFactory, make_user


@pytest.fixture(autouse=True)
def _english():
    """Service messages are checked in English here; pages set their own language."""
    with translation.override("en"):
        yield


@pytest.fixture
def world(db):
    """A municipality with a case manager, a Jobcenter with one staff member, and a family
    of two with a household case."""
    manager = make_user(Role.CASE_MANAGER)
    municipality = manager.membership.municipality
    site = SiteFactory(organisation__municipality=municipality)
    jobcenter = OrganisationFactory(
        municipality=municipality, name="Jobcenter", kind=OrganisationKind.JOBCENTER
    )
    receiver = make_user(Role.PARTNER_STAFF, municipality, organisation=jobcenter)
    household = people_services.create_household(
        acting_user=manager, municipality=municipality, name="Familie Popescu"
    )
    ion = people_services.create_person(
        acting_user=manager,
        municipality=municipality,
        household=household,
        given_name="Ion",
        family_name="Popescu",
        birth_date=dt.date(1985, 4, 2),
        phone="0203 555",
    )
    maria = people_services.create_person(
        acting_user=manager,
        municipality=municipality,
        household=household,
        given_name="Maria",
        family_name="Popescu",
        birth_date=dt.date(1987, 1, 9),
    )
    case = case_services.open_case(
        acting_user=manager, owner=manager, site=site, household=household
    )
    return {
        "manager": manager,
        "municipality": municipality,
        "site": site,
        "jobcenter": jobcenter,
        "receiver": receiver,
        "household": household,
        "ion": ion,
        "maria": maria,
        "case": case,
    }


@pytest.fixture
def consent_for(world):
    def _consent(person=None, categories=("identity", "work"), organisation=None, **extra):
        return consent_services.record_consent(
            acting_user=world["manager"],
            person=person or world["ion"],
            organisation=organisation or world["jobcenter"],
            purpose="Vermittlung in Arbeit",
            categories=categories,
            medium="written",
            given_on=extra.pop("given_on", timezone.localdate()),
            **extra,
        )

    return _consent
