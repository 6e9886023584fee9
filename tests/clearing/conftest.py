import datetime as dt

import pytest

from lotse.accounts.enums import Role
from lotse.clearing import services
from lotse.people import services as people_services
from tests.factories import make_user


@pytest.fixture
def counsellor(db):
    return make_user(Role.CLEARING_COUNSELLOR)


@pytest.fixture
def municipality(counsellor):
    return counsellor.membership.municipality


@pytest.fixture
def make_person(municipality, counsellor):
    def _make(nationality="RO", **extra):
        return people_services.create_person(
            acting_user=counsellor,
            municipality=municipality,
            given_name=extra.pop("given_name", "Elena"),
            family_name=extra.pop("family_name", "Popescu"),
            nationality=nationality,
            **extra,
        )

    return _make


@pytest.fixture
def make_clearing(counsellor, make_person):
    def _make(
        nationality="RO",
        start="unclear",
        opened_on=dt.date(2026, 2, 1),
        person=None,
        user=None,
    ):
        return services.open_clearing_case(
            acting_user=user or counsellor,
            person=person or make_person(nationality),
            status_at_start=start,
            opened_on=opened_on,
        )

    return _make
