"""The consent matrix: what the receiving organisation sees of a person, for each consent
state, on the page, through the API and in the export. The rule lives in the query layer, so
all three must agree."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from lotse.accounts import services as account_services
from lotse.accounts.enums import Role
from lotse.audit.events import EventType
from lotse.audit.models import AuditEvent
from lotse.cases import casework
from lotse.consents import services as consent_services
from lotse.consents.models import Consent
from lotse.people import services as people_services
from lotse.referrals import services
from tests.factories import OrganisationFactory, make_user

pytestmark = pytest.mark.django_db

WORK_NOTE = "Sucht Arbeit als Elektriker"
HEALTH_NOTE = "Chronische Erkrankung"
FAMILY_NOTE = "Familiennachzug beantragt"


@pytest.fixture
def shared(world, consent_for):
    """Ion referred to the Jobcenter, sharing identity, residence and work."""
    manager = world["manager"]
    people_services.set_residence_status(
        acting_user=manager,
        person=world["ion"],
        status="eu_free_movement",
        valid_from=dt.date(2024, 5, 1),
    )
    casework.record_assessment(
        acting_user=manager,
        case=world["case"],
        assessed_on=timezone.localdate(),
        note="",
        items=[
            casework.DomainAssessment("work", "urgent", situation=WORK_NOTE),
            casework.DomainAssessment("health", "some", situation=HEALTH_NOTE),
            casework.DomainAssessment("family", "some", situation=FAMILY_NOTE),
        ],
    )
    consent = consent_for(categories=("identity", "residence", "work"))
    referral = services.create_referral(
        acting_user=manager,
        case=world["case"],
        persons=[world["ion"]],
        organisation=world["jobcenter"],
        question="Maßnahme?",
        categories=["identity", "residence", "work"],
    )
    return {"consent": consent, "referral": referral}


def _make_state(state, world, consent):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    rows = Consent.objects.filter(pk=consent.pk)
    if state == "none":
        rows.delete()
    elif state == "expired":
        rows.update(given_on=yesterday - dt.timedelta(days=30), valid_until=yesterday)
    elif state == "withdrawn":
        consent_services.withdraw_consent(
            acting_user=world["manager"],
            consent=consent,
            withdrawn_on=timezone.localdate(),
            reason="",
            expected_version=consent.version,
        )
    elif state == "other organisation":
        rows.update(organisation=OrganisationFactory(municipality=world["municipality"]))
    elif state == "other categories":
        rows.update(categories=["identity", "family"])


def _page(world, referral):
    client = Client()
    client.force_login(world["receiver"])
    response = client.get(f"/referrals/{referral.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def _api(world, referral):
    _token, raw = account_services.create_api_token(
        acting_user=None, user=world["receiver"], name="t"
    )
    response = Client().get(f"/api/v1/inbox/{referral.pk}", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    return response.json()


def _export(world):
    client = Client()
    client.force_login(world["receiver"])
    response = client.get("/inbox/export.csv")
    assert response.status_code == 200
    return response.content.decode("utf-8-sig")


# state -> (name shown, residence shown, work need shown)
MATRIX = {
    "valid": (True, True, True),
    "other categories": (True, False, False),
    "expired": (False, False, False),
    "withdrawn": (False, False, False),
    "other organisation": (False, False, False),
    "none": (False, False, False),
}


@pytest.mark.parametrize("state", list(MATRIX))
def test_receiver_sees_exactly_what_consent_covers(world, shared, state):
    _make_state(state, world, shared["consent"])
    name, residence, work = MATRIX[state]
    referral = shared["referral"]

    page = _page(world, referral)
    assert ("Popescu" in page) is name
    assert ("EU-Freizügigkeit" in page) is residence
    assert (WORK_NOTE in page) is work
    assert HEALTH_NOTE not in page
    assert FAMILY_NOTE not in page  # the referral never shared "family"
    assert ("0203 555" in page) is name

    data = _api(world, referral)
    persons = data["persons"]
    assert bool(persons) is name
    if persons:
        (person,) = persons
        assert person["family_name"] == "Popescu"
        assert (person["residence_status"] == "eu_free_movement") is residence
        assert ("work" in person["needs"]) is work
        assert "health" not in person["needs"]
        assert "family" not in person["needs"]
    assert data["referral"]["consent_lapsed"] is (not name)

    export = _export(world)
    assert ("Popescu" in export) is name
    assert ("EU-Freizügigkeit" in export) is residence
    assert HEALTH_NOTE not in export


def test_withdrawal_takes_effect_on_the_very_next_request(world, shared):
    assert "Popescu" in _page(world, shared["referral"])
    consent = shared["consent"]
    consent_services.withdraw_consent(
        acting_user=world["manager"],
        consent=consent,
        withdrawn_on=timezone.localdate(),
        reason="",
        expected_version=consent.version,
    )
    page = _page(world, shared["referral"])
    assert "Popescu" not in page
    assert "Keine gültige Einwilligung deckt diese Vermittlung mehr ab" in page


def test_every_view_of_the_summary_is_audited(world, shared):
    _page(world, shared["referral"])
    _api(world, shared["referral"])
    _export(world)
    views = AuditEvent.objects.filter(event_type=EventType.SHARED_SUMMARY_VIEWED)
    assert sorted(event.context["via"] for event in views) == ["api", "page"]
    assert AuditEvent.objects.filter(event_type=EventType.REFERRALS_EXPORTED).count() == 1


def test_another_organisation_sees_nothing(world, shared):
    awo = OrganisationFactory(municipality=world["municipality"], name="AWO")
    stranger = make_user(Role.PARTNER_STAFF, world["municipality"], organisation=awo)
    client = Client()
    client.force_login(stranger)
    assert client.get(f"/referrals/{shared['referral'].pk}/").status_code == 404
    assert "Popescu" not in client.get("/inbox/export.csv").content.decode("utf-8-sig")
    assert client.get("/inbox/").context["referrals"].count() == 0


def test_override_without_permission_is_403_and_changes_nothing(world):
    _token, raw = account_services.create_api_token(
        acting_user=None, user=world["manager"], name="t"
    )
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    body = {
        "person_ids": [str(world["ion"].pk)],
        "organisation_id": str(world["jobcenter"].pk),
        "question": "Notfall",
        "categories": ["identity"],
        "override": True,
        "override_reason": "Obdachlosigkeit droht",
    }
    url = f"/api/v1/cases/{world['case'].pk}/referrals"
    denied = Client().post(url, json.dumps(body), content_type="application/json", **headers)
    assert denied.status_code == 403
    assert not world["case"].referrals.exists()
    membership = world["manager"].membership
    membership.may_override_consent = True
    membership.save()
    no_reason = Client().post(
        url,
        json.dumps({**body, "override_reason": ""}),
        content_type="application/json",
        **headers,
    )
    assert no_reason.status_code == 400
    assert "override_reason" in no_reason.json()["errors"]
    assert not world["case"].referrals.exists()
    allowed = Client().post(url, json.dumps(body), content_type="application/json", **headers)
    assert allowed.status_code == 201
    assert allowed.json()["overridden"] is True


def test_missing_consent_is_named_in_the_api_error(world):
    _token, raw = account_services.create_api_token(
        acting_user=None, user=world["manager"], name="t"
    )
    response = Client().post(
        f"/api/v1/cases/{world['case'].pk}/referrals",
        json.dumps(
            {
                "person_ids": [str(world["maria"].pk)],
                "organisation_id": str(world["jobcenter"].pk),
                "question": "?",
                "categories": ["identity", "health"],
            }
        ),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "Für Maria Popescu fehlt eine gültige Einwilligung gegenüber Jobcenter für: "
        "Identität und Kontakt, Gesundheit und Versicherung."
    )
