"""Lists of consents, referrals and notifications: the number of queries does not grow with
the number of rows (measured with one row and with three)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lotse.accounts import services as account_services
from lotse.referrals import services
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _queries(client, url, **extra):
    client.get(url, **extra)  # warm: session and caches as on any later request
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return len(captured), response


def _refer(world, organisation=None):
    return services.create_referral(
        acting_user=world["manager"],
        case=world["case"],
        persons=[world["ion"]],
        organisation=organisation or world["jobcenter"],
        question="?",
        categories=["identity", "work"],
    )


def _grows(world, consent_for, client, url, expected_rows, **extra):
    consent_for()
    _refer(world)
    one, _response = _queries(client, url, **extra)
    _refer(world)
    _refer(world)
    three, response = _queries(client, url, **extra)
    assert one == three, f"{url}: {one} queries with one row, {three} with three"
    return response


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_inbox_page(world, consent_for):
    response = _grows(world, consent_for, _client(world["receiver"]), "/inbox/", 3)
    assert len(response.context["referrals"]) == 3


def test_inbox_api(world, consent_for):
    _token, raw = account_services.create_api_token(
        acting_user=None, user=world["receiver"], name="t"
    )
    response = _grows(
        world,
        consent_for,
        Client(),
        "/api/v1/inbox",
        3,
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.json()["count"] == 3


def test_case_page_with_referrals(world, consent_for):
    response = _grows(
        world, consent_for, _client(world["manager"]), f"/cases/{world['case'].pk}/", 3
    )
    assert len(response.context["referrals"]) == 3


def test_case_referrals_api(world, consent_for):
    _token, raw = account_services.create_api_token(
        acting_user=None, user=world["manager"], name="t"
    )
    response = _grows(
        world,
        consent_for,
        Client(),
        f"/api/v1/cases/{world['case'].pk}/referrals",
        3,
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert len(response.json()) == 3


def test_notifications_page(world, consent_for):
    response = _grows(world, consent_for, _client(world["receiver"]), "/notifications/", 3)
    assert len(response.context["notifications"]) == 3


def test_person_page_with_consents(world, consent_for):
    client = _client(world["manager"])
    url = f"/persons/{world['ion'].pk}/"
    consent_for()
    one, _response = _queries(client, url)
    for _ in range(2):
        consent_for(organisation=OrganisationFactory(municipality=world["municipality"]))
    three, response = _queries(client, url)
    assert one == three
    assert len(response.context["consents"]) == 3
