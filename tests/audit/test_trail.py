import datetime
import decimal
import inspect
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from lotse.accounts import services as account_services
from lotse.accounts.enums import Role
from lotse.audit import services as audit
from lotse.audit.events import EventType
from lotse.audit.models import AuditEvent
from lotse.cases import casework, issues, walkins
from lotse.cases import services as case_services
from lotse.consents import services as consent_services
from lotse.directory import services as directory_services
from lotse.people import pair_review
from lotse.people import services as people_services
from lotse.people.models import DuplicatePair
from lotse.referrals import services as referral_services
from lotse.tenancy import services as tenancy_services
from lotse.tenancy.enums import HoursKind, OrganisationKind
from lotse.tenancy.models import Municipality
from tests.factories import MunicipalityFactory, OrganisationFactory, SiteFactory, make_user

pytestmark = pytest.mark.django_db


def _events():
    return list(AuditEvent.objects.values_list("event_type", flat=True).order_by("id"))


def test_record_refuses_to_write_outside_a_transaction(transactional_db):
    with pytest.raises(audit.AuditOutsideTransactionError):
        audit.record(EventType.LOGIN, actor=None)
    assert AuditEvent.objects.count() == 0


def test_record_masks_secrets_in_changes_and_context():
    with transaction.atomic():
        event = audit.record(
            EventType.USER_UPDATED,
            actor=None,
            before={"password": "old-secret", "name": "A"},
            after={"password": "new-secret", "name": "B"},
            context={"api_key": "k-123", "address": "127.0.0.1"},
        )
    event.refresh_from_db()
    assert event.changes == {"name": ["A", "B"], "password": ["***", "***"]}
    assert event.context == {"api_key": "***", "address": "127.0.0.1"}


def test_a_creation_lists_every_value_given_and_masks_secrets():
    """A record created (nothing before): each value that is not None, as JSON, secrets
    masked, the same as a change from nothing would list."""
    after = {
        "name": "A",
        "empty": "",
        "unset": None,
        "born": datetime.date(1990, 3, 7),
        "password": "secret",
    }
    expected = {
        "born": [None, "1990-03-07"],
        "empty": [None, ""],
        "name": [None, "A"],
        "password": ["***", "***"],
    }
    assert audit.diff(None, after) == expected
    assert audit.diff({}, after) == expected
    assert audit.diff({"unset": None}, after) == expected  # the general path agrees


def test_values_of_every_kind_become_json():
    """Dates, times, ids, decimals, model instances, mappings and lists as JSON, the same in
    a creation and a change, a subclass of a date as its class."""

    class Day(datetime.date):
        pass

    person_id = uuid.UUID("12345678-1234-5678-1234-567812345678")
    municipality = Municipality(pk=uuid.UUID(int=7), slug="x", name="X")
    after = {
        "day": datetime.date(2026, 11, 26),
        "subclassed": Day(2026, 1, 2),
        "at": datetime.datetime(2026, 11, 26, 9, 30, tzinfo=datetime.UTC),
        "opens": datetime.time(8, 15),
        "person": person_id,
        "amount": decimal.Decimal("12.50"),
        "municipality": municipality,
        "nested": {1: [person_id, datetime.date(2000, 1, 1)]},
        "flag": False,
    }
    expected = {
        "day": "2026-11-26",
        "subclassed": "2026-01-02",
        "at": "2026-11-26T09:30:00+00:00",
        "opens": "08:15:00",
        "person": "12345678-1234-5678-1234-567812345678",
        "amount": "12.50",
        "municipality": str(uuid.UUID(int=7)),
        "nested": {"1": ["12345678-1234-5678-1234-567812345678", "2000-01-01"]},
        "flag": False,
    }
    assert audit.diff(None, after) == {key: [None, value] for key, value in expected.items()}
    assert audit.diff(dict.fromkeys(after), after) == {
        key: [None, value] for key, value in expected.items()
    }


def test_record_stores_actor_municipality_target_and_utc_time():
    user = make_user(Role.COORDINATOR)
    municipality = user.membership.municipality
    with transaction.atomic():
        event = audit.record(
            EventType.MUNICIPALITY_UPDATED,
            actor=user,
            municipality=municipality,
            target=municipality,
        )
    event.refresh_from_db()
    assert event.actor_id == user.pk
    assert event.actor_label == user.username
    assert event.municipality_id == municipality.pk
    assert (event.target_type, event.target_id) == ("tenancy.municipality", str(municipality.pk))
    assert event.occurred_at.utcoffset().total_seconds() == 0


def _service_calls(actor):
    """Every service function with a valid call and the event it must write."""
    municipality = MunicipalityFactory()
    organisation = OrganisationFactory(municipality=municipality)
    site = SiteFactory(organisation=organisation)
    staff = make_user(Role.CASE_MANAGER, municipality, organisation=organisation)
    token, _raw = account_services.create_api_token(acting_user=actor, user=staff, name="t")
    window = tenancy_services.HoursWindow(
        HoursKind.OFFICE_HOURS, 0, datetime.time(10), datetime.time(12)
    )
    household = people_services.create_household(
        acting_user=actor, municipality=municipality, name="Familie A"
    )
    person = people_services.create_person(
        acting_user=actor, municipality=municipality, given_name="Ana", family_name="A"
    )
    merge_a, merge_b, twin = (
        people_services.create_person(
            acting_user=actor, municipality=municipality, given_name="Zora", family_name=family
        )
        for family in ("Zed", "Zedd", "Zet")
    )
    pair, same = (
        DuplicatePair.objects.create(
            municipality=municipality, first=first, second=twin, score=0.9, evidence=[]
        )
        for first in (person, merge_a)
    )
    manager = make_user(Role.CASE_MANAGER, municipality, organisation=organisation)
    colleague = make_user(Role.CASE_MANAGER, municipality, organisation=organisation)
    case = case_services.open_case(acting_user=actor, owner=manager, site=site, person=person)
    paused_case = case_services.open_case(
        acting_user=actor, owner=manager, site=site, person=person
    )
    goal = casework.add_goal(
        acting_user=actor,
        case=case,
        life_domain="work",
        description="Arbeit",
        target_date=datetime.date(2030, 1, 1),
    )
    measure = casework.add_measure(
        acting_user=actor, goal=goal, description="Bewerbung", responsible="person"
    )
    follow_up = casework.add_follow_up(
        acting_user=actor, case=case, due_on=datetime.date(2030, 1, 1), note="Nachfragen"
    )
    waiting = walkins.register_walk_in(
        acting_user=actor, site=site, given_name="A", family_name="B"
    )
    unlinked = walkins.register_walk_in(
        acting_user=actor, site=site, given_name="C", family_name="D"
    )
    issue = issues.create_structural_issue(
        acting_user=actor, municipality=municipality, title="Wartezeit"
    )
    issues.tag_case(acting_user=actor, case=paused_case, issue=issue)
    retired = issues.create_structural_issue(
        acting_user=actor, municipality=municipality, title="Alt"
    )
    partner = OrganisationFactory(municipality=municipality, name="Jobcenter")
    consent = consent_services.record_consent(
        acting_user=actor,
        person=person,
        organisation=partner,
        purpose="Arbeit",
        categories=["identity"],
        medium="written",
        given_on=datetime.date(2026, 1, 5),
    )
    second = consent_services.record_consent(
        acting_user=actor,
        person=person,
        organisation=organisation,
        purpose="Beratung",
        categories=["identity"],
        medium="written",
        given_on=datetime.date(2026, 1, 5),
    )
    draft = referral_services.create_referral(
        acting_user=manager,
        case=case,
        persons=[person],
        organisation=partner,
        question="?",
        categories=["identity"],
        send=False,
    )
    lapsing = referral_services.create_referral(
        acting_user=manager,
        case=case,
        persons=[person],
        organisation=organisation,
        question="?",
        categories=["identity"],
        send=False,
    )
    type(second).objects.filter(pk=second.pk).update(withdrawn_at=timezone.now())
    offer = directory_services.create_service(
        acting_user=actor,
        organisation=organisation,
        name="Beratung",
        description="Beratung",
        life_domains=["work"],
    )
    return {
        directory_services.create_service: (
            dict(organisation=organisation, name="Neu", description="Neu", life_domains=["work"]),
            [EventType.SERVICE_CREATED],
        ),
        directory_services.update_service: (
            dict(service=offer, expected_version=offer.version, waiting_days=7),
            [EventType.SERVICE_UPDATED],
        ),
        directory_services.record_services_exported: (
            dict(municipality=municipality, fmt="xlsx", rows=1),
            [EventType.SERVICES_EXPORTED],
        ),
        directory_services.record_analysis_viewed: (
            dict(municipality=municipality, filters={"district": "Hochfeld"}),
            [EventType.LANDSCAPE_VIEWED],
        ),
        consent_services.record_consent: (
            dict(
                person=person,
                organisation=partner,
                purpose="Arbeit",
                categories=["identity", "work"],
                medium="electronic",
                given_on=datetime.date(2026, 2, 1),
            ),
            [EventType.CONSENT_RECORDED],
        ),
        consent_services.withdraw_consent: (
            dict(
                consent=consent,
                withdrawn_on=datetime.date(2026, 3, 1),
                reason="",
                expected_version=consent.version,
            ),
            [EventType.CONSENT_WITHDRAWN],
        ),
        consent_services.record_scan_viewed: (
            dict(consent=second),
            [EventType.CONSENT_SCAN_VIEWED],
        ),
        consent_services.record_form_printed: (
            dict(consent=second, language="ar"),
            [EventType.CONSENT_FORM_PRINTED],
        ),
        referral_services.create_referral: (
            dict(
                acting_user=manager,
                case=case,
                persons=[person],
                organisation=partner,
                question="Beratung?",
                categories=["identity"],
            ),
            [EventType.REFERRAL_CREATED, EventType.REFERRAL_STATUS_CHANGED],
        ),
        referral_services.transition_referral: (
            dict(
                acting_user=manager,
                referral=draft,
                to_status="cancelled",
                expected_version=draft.version,
            ),
            [EventType.REFERRAL_STATUS_CHANGED],
        ),
        referral_services.consent_ended: (
            dict(consent=second),
            [EventType.REFERRAL_CONSENT_LAPSED],
        ),
        referral_services.record_summary_viewed: (
            dict(referral=lapsing, context="test"),
            [EventType.SHARED_SUMMARY_VIEWED],
        ),
        referral_services.record_referrals_exported: (
            dict(municipality=municipality, count=3, file_format="csv"),
            [EventType.REFERRALS_EXPORTED],
        ),
        issues.create_structural_issue: (
            dict(municipality=municipality, title="Wohnungsmarkt"),
            [EventType.STRUCTURAL_ISSUE_CREATED],
        ),
        issues.set_structural_issue_active: (
            dict(issue=retired, active=False),
            [EventType.STRUCTURAL_ISSUE_ACTIVE_SET],
        ),
        issues.tag_case: (dict(case=case, issue=issue), [EventType.CASE_ISSUE_TAGGED]),
        issues.untag_case: (dict(case=paused_case, issue=issue), [EventType.CASE_ISSUE_UNTAGGED]),
        walkins.register_walk_in: (
            dict(site=site, given_name="Neu", family_name="Person"),
            [EventType.WALK_IN_REGISTERED],
        ),
        walkins.call_next: (dict(site=site), [EventType.WALK_IN_CALLED]),
        walkins.mark_walk_in_left: (dict(walk_in=unlinked), [EventType.WALK_IN_LEFT]),
        walkins.link_walk_in: (dict(walk_in=waiting, person=person), [EventType.WALK_IN_LINKED]),
        casework.record_assessment: (
            dict(case=case, items=[casework.DomainAssessment("language", "urgent")]),
            [EventType.ASSESSMENT_RECORDED],
        ),
        casework.add_goal: (
            dict(
                case=case,
                life_domain="housing",
                description="Wohnung",
                target_date=datetime.date(2030, 1, 1),
            ),
            [EventType.GOAL_ADDED],
        ),
        casework.set_goal_status: (
            dict(goal=goal, status="reached", expected_version=1),
            [EventType.GOAL_STATUS_SET],
        ),
        casework.add_measure: (
            dict(goal=goal, description="Termin", responsible="case_manager"),
            [EventType.MEASURE_ADDED],
        ),
        casework.set_measure_done: (dict(measure=measure, done=True), [EventType.MEASURE_DONE_SET]),
        casework.record_contact: (
            dict(
                case=case, contact_on=datetime.date(2026, 1, 5), duration_minutes=30, form="phone"
            ),
            [EventType.CONTACT_RECORDED],
        ),
        casework.add_follow_up: (
            dict(case=case, due_on=datetime.date(2030, 2, 1), note="Anrufen"),
            [EventType.FOLLOW_UP_ADDED],
        ),
        casework.complete_follow_up: (dict(follow_up=follow_up), [EventType.FOLLOW_UP_DONE]),
        case_services.open_case: (
            dict(owner=manager, site=site, household=household),
            [EventType.CASE_OPENED],
        ),
        case_services.change_phase: (
            dict(case=case, to_phase="assessment", expected_version=1),
            [EventType.CASE_PHASE_CHANGED],
        ),
        case_services.set_case_paused: (
            dict(case=paused_case, paused=True, reason="Urlaub", expected_version=1),
            [EventType.CASE_PAUSED],
        ),
        case_services.transfer_case: (
            dict(
                case=case,
                to_owner=colleague,
                to_site=site,
                handover_note="Übergabe",
                expected_version=2,
            ),
            [EventType.CASE_TRANSFERRED],
        ),
        case_services.record_case_viewed: (dict(case=case), [EventType.CASE_VIEWED]),
        people_services.create_household: (
            dict(municipality=municipality, name="Familie B"),
            [EventType.HOUSEHOLD_CREATED],
        ),
        people_services.update_household: (
            dict(household=household, expected_version=1, district="Hochfeld"),
            [EventType.HOUSEHOLD_UPDATED],
        ),
        people_services.create_person: (
            dict(
                municipality=municipality,
                given_name="Ion",
                family_name="Popescu",
                languages=[("ro", "native")],
                residence_status="eu_free_movement",
                insurance_status="unclear",
            ),
            [
                EventType.PERSON_CREATED,
                EventType.PERSON_LANGUAGES_SET,
                EventType.RESIDENCE_STATUS_SET,
                EventType.INSURANCE_STATUS_SET,
            ],
        ),
        people_services.update_person: (
            dict(person=person, expected_version=1, phone="0203 1"),
            [EventType.PERSON_UPDATED],
        ),
        people_services.set_person_languages: (
            dict(person=person, languages=[("ar", "native")]),
            [EventType.PERSON_LANGUAGES_SET],
        ),
        people_services.set_residence_status: (
            dict(person=person, status="toleration", valid_from=datetime.date(2026, 1, 1)),
            [EventType.RESIDENCE_STATUS_SET],
        ),
        people_services.set_insurance_status: (
            dict(person=person, status="statutory", valid_from=datetime.date(2026, 1, 1)),
            [EventType.INSURANCE_STATUS_SET],
        ),
        people_services.record_person_viewed: (
            dict(person=person, context="test"),
            [EventType.PERSON_VIEWED],
        ),
        people_services.record_persons_listed: (
            dict(municipality=municipality, person_ids=[person.pk], via="test", listing="list"),
            [EventType.PERSONS_LISTED],
        ),
        people_services.detect_duplicates: (
            dict(municipality=municipality),
            [EventType.DUPLICATES_DETECTED],
        ),
        pair_review.reject_pair: (dict(pair=pair), [EventType.DUPLICATE_REJECTED]),
        pair_review.confirm_pair: (dict(pair=same), [EventType.DUPLICATE_CONFIRMED]),
        people_services.merge_persons: (
            dict(survivor=merge_a, other=merge_b, take_from_other=["phone"]),
            [EventType.PERSON_UPDATED, EventType.PERSONS_MERGED],
        ),
        tenancy_services.create_municipality: (
            dict(slug="neu", name="Neustadt"),
            [EventType.MUNICIPALITY_CREATED],
        ),
        tenancy_services.create_organisation: (
            dict(municipality=municipality, name="Neu e.V.", kind=OrganisationKind.OTHER),
            [EventType.ORGANISATION_CREATED],
        ),
        tenancy_services.update_organisation: (
            dict(organisation=organisation, phone="0203-1"),
            [EventType.ORGANISATION_UPDATED],
        ),
        tenancy_services.create_site: (
            dict(
                organisation=organisation,
                name="Neu",
                street="Weg 1",
                postcode="47051",
                city="Duisburg",
                hours=[window],
            ),
            [EventType.SITE_CREATED, EventType.SITE_HOURS_SET],
        ),
        tenancy_services.update_site: (
            dict(site=site, district="Hochfeld"),
            [EventType.SITE_UPDATED],
        ),
        tenancy_services.set_site_hours: (
            dict(site=site, hours=[window]),
            [EventType.SITE_HOURS_SET],
        ),
        account_services.create_staff_user: (
            dict(username="neu", role=Role.COORDINATOR, municipality=municipality),
            [EventType.USER_CREATED, EventType.MEMBERSHIP_SET],
        ),
        account_services.set_emergency_permission: (
            dict(user=colleague, allowed=True),
            [EventType.MEMBERSHIP_SET],
        ),
        account_services.set_membership: (
            dict(user=staff, role=Role.COORDINATOR),
            [EventType.MEMBERSHIP_SET],
        ),
        account_services.create_api_token: (
            dict(user=staff, name="zweites"),
            [EventType.API_TOKEN_CREATED],
        ),
        account_services.revoke_api_token: (dict(token=token), [EventType.API_TOKEN_REVOKED]),
    }


def _writing_services():
    modules = (
        tenancy_services,
        account_services,
        people_services,
        pair_review,
        case_services,
        casework,
        walkins,
        issues,
        consent_services,
        referral_services,
        directory_services,
    )
    for module in modules:
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != module.__name__ or name.startswith("_"):
                continue
            if "acting_user" in inspect.signature(function).parameters:
                yield function


def test_every_writing_service_writes_its_audit_entry():
    actor = make_user(Role.ADMINISTRATOR)
    calls = _service_calls(actor)
    assert set(_writing_services()) == set(calls), "a new service needs an entry here"
    for function, (kwargs, expected) in calls.items():
        # Referrals are made by case managers: their entries name their own acting user.
        acting = kwargs.pop("acting_user", actor)
        before = AuditEvent.objects.count()
        function(acting_user=acting, **kwargs)
        written = _events()[before:]
        assert written == [e.value for e in expected], function.__name__
        assert set(
            AuditEvent.objects.order_by("id")[before:].values_list("actor_id", flat=True)
        ) == {acting.pk}


def test_failed_change_rolls_back_its_audit_entries():
    """create_site writes SITE_CREATED before the hours fail: both must vanish together."""
    organisation = OrganisationFactory()
    bad = tenancy_services.HoursWindow(
        HoursKind.OFFICE_HOURS, 0, datetime.time(12), datetime.time(10)
    )
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        tenancy_services.create_site(
            acting_user=None,
            organisation=organisation,
            name="Kaputt",
            street="Weg 1",
            postcode="47051",
            city="Duisburg",
            hours=[bad],
        )
    assert AuditEvent.objects.count() == before
    assert not organisation.sites.exists()


def test_api_token_never_reaches_the_trail_in_clear_text():
    staff = make_user(Role.CASE_MANAGER)
    _token, raw = account_services.create_api_token(acting_user=None, user=staff, name="x")
    stored = AuditEvent.objects.filter(event_type=EventType.API_TOKEN_CREATED).get()
    assert raw not in str(stored.changes)
    assert stored.changes["token"] == ["***", "***"]


def test_password_never_reaches_the_trail():
    make_user(Role.CASE_MANAGER, username="geheim")
    created = AuditEvent.objects.get(event_type=EventType.USER_CREATED)
    assert created.changes["password"] == ["***", "***"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_update_of_audit_rows_is_refused_by_the_database():
    with transaction.atomic():
        event = audit.record(EventType.LOGIN, actor=None)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(event_type="auth.logout")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE audit_auditevent SET changes = '{}' WHERE id = %s", [event.pk])
    event.refresh_from_db()
    assert event.event_type == EventType.LOGIN


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_delete_of_audit_rows_is_refused_by_the_database():
    with transaction.atomic():
        event = audit.record(EventType.LOGIN, actor=None)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_unknown_event_type_is_refused():
    with pytest.raises(TypeError), transaction.atomic():
        audit.record("made.up", actor=None)  # type: ignore[arg-type]
