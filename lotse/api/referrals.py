"""API operations for consents, referrals and the receiving organisation's inbox. The same
services and the same query-layer rule as the pages: a receiver sees only what consent covers."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from lotse.api.cases import case_for
from lotse.api.common import CONFLICTS, ERRORS, Day, acting_user, require
from lotse.consents import queries as consent_queries
from lotse.consents import services as consent_services
from lotse.consents.models import ConsentMedium, GivenBy
from lotse.core.catalogues import DataCategory, LifeDomain
from lotse.notifications.models import Notification
from lotse.people import queries as people_queries
from lotse.people.models import Person
from lotse.referrals import queries, services
from lotse.referrals.enums import DeclineReason, ReferralStatus, Side, Urgency
from lotse.tenancy import queries as tenancy_queries

router = Router(tags=["consents and referrals"])


class ConsentOut(Schema):
    id: uuid.UUID
    version: int
    person_id: uuid.UUID
    organisation_id: uuid.UUID
    purpose: str
    categories: list[str]
    medium: str
    given_by: str
    given_by_name: str
    given_on: Day
    valid_until: Day | None
    state: str
    withdrawn_on: Day | None
    has_scan: bool

    @staticmethod
    def resolve_state(obj: Any) -> str:
        return str(obj.state.value)

    @staticmethod
    def resolve_has_scan(obj: Any) -> bool:
        return bool(obj.scan)


class ConsentIn(Schema):
    organisation_id: uuid.UUID
    purpose: str
    categories: list[DataCategory]
    medium: ConsentMedium
    given_on: Day
    valid_until: Day | None = None
    given_by: GivenBy = GivenBy.PERSON
    given_by_name: str = ""


class WithdrawIn(Schema):
    version: int
    withdrawn_on: Day
    reason: str = ""


class ReferralOut(Schema):
    id: uuid.UUID
    version: int
    case_id: uuid.UUID
    organisation_id: uuid.UUID
    person_ids: list[uuid.UUID]
    service: str
    life_domain: str
    question: str
    urgency: str
    categories: list[str]
    status: str
    sent_at: dt.datetime | None
    answered_at: dt.datetime | None
    decline_reason: str
    appointment_at: dt.datetime | None
    feedback: str
    overridden: bool
    consent_lapsed: bool

    @staticmethod
    def resolve_person_ids(obj: Any) -> list[Any]:
        return [person.pk for person in obj.persons.all()]

    @staticmethod
    def resolve_consent_lapsed(obj: Any) -> bool:
        return bool(obj.consent_ended)


class ReferralIn(Schema):
    person_ids: list[uuid.UUID]
    organisation_id: uuid.UUID
    question: str
    categories: list[DataCategory]
    urgency: Urgency = Urgency.NORMAL
    service: str = ""
    life_domain: LifeDomain | None = None
    override: bool = False
    override_reason: str = ""


class ReferralMoveIn(Schema):
    version: int
    to_status: ReferralStatus
    decline_reason: DeclineReason | None = None
    appointment_at: dt.datetime | None = None
    feedback: str = ""


class ReferralStateOut(Schema):
    id: uuid.UUID
    version: int
    status: str
    sent_at: dt.datetime | None
    answered_at: dt.datetime | None
    decline_reason: str
    appointment_at: dt.datetime | None
    feedback: str


class InboxItemOut(Schema):
    """A referral as the receiving organisation sees it in its list: no person data."""

    id: uuid.UUID
    version: int
    case_reference: str
    service: str
    question: str
    urgency: str
    status: str
    sent_at: dt.datetime | None
    appointment_at: dt.datetime | None
    consent_lapsed: bool

    @staticmethod
    def resolve_case_reference(obj: Any) -> str:
        return str(obj.case.reference)

    @staticmethod
    def resolve_consent_lapsed(obj: Any) -> bool:
        return bool(obj.consent_ended)


class SharedPersonOut(Schema):
    """One person, with only the consented categories filled; the rest stays null."""

    categories: list[str]
    given_name: str | None = None
    family_name: str | None = None
    name_original: str | None = None
    birth_date: str | None = None
    nationality: str | None = None
    phone: str | None = None
    email: str | None = None
    languages: list[str] = []
    residence_status: str | None = None
    insurance_status: str | None = None
    household_size: int | None = None
    needs: dict[str, str] = {}
    goals: list[str] = []
    contact_notes: list[str] = []


class SharedSummaryOut(Schema):
    referral: InboxItemOut
    persons: list[SharedPersonOut]


class NotificationOut(Schema):
    id: int
    kind: str
    message: str
    referral_id: uuid.UUID | None
    created_at: dt.datetime
    read: bool

    @staticmethod
    def resolve_read(obj: Any) -> bool:
        return obj.read_at is not None


def _shared(summary: queries.PersonSummary) -> dict[str, Any]:
    person = summary.person
    return {
        "categories": sorted(summary.categories),
        "given_name": person.given_name,
        "family_name": person.family_name,
        "name_original": person.name_original,
        "birth_date": person.birth_date_display or None,
        "nationality": person.nationality.code if person.nationality else None,
        "phone": person.phone,
        "email": person.email,
        "languages": [entry.language for entry in summary.languages],
        "residence_status": summary.residence.status if summary.residence else None,
        "insurance_status": summary.insurance.status if summary.insurance else None,
        "household_size": summary.household_size,
        "needs": {item.life_domain: item.need for item in summary.needs},
        "goals": [goal.description for goal in summary.goals],
        "contact_notes": [contact.note for contact in summary.contacts],
    }


@router.get("/persons/{person_id}/consents", response={200: list[ConsentOut], **ERRORS})
def list_consents(request: HttpRequest, person_id: uuid.UUID) -> Any:
    """Consents of a person, newest first, with their state today."""
    person = people_queries.get_person_for(request.user, person_id)
    return list(consent_queries.consents_for(request.user).filter(person=person))


@router.post("/persons/{person_id}/consents", response={201: ConsentOut, **ERRORS})
def record_consent(request: HttpRequest, person_id: uuid.UUID, payload: ConsentIn) -> Any:
    """Record a consent (the scan of a signed form is uploaded on the consent's page)."""
    require(request, "consents.add_consent")
    person = people_queries.get_person_for(request.user, person_id)
    data = payload.dict()
    organisation = tenancy_queries.get_organisation_for(request.user, data.pop("organisation_id"))
    data["categories"] = [str(code) for code in data["categories"]]
    consent = consent_services.record_consent(
        acting_user=acting_user(request), person=person, organisation=organisation, **data
    )
    return Status(201, consent)


@router.post("/consents/{consent_id}/withdraw", response={200: ConsentOut, **CONFLICTS})
def withdraw_consent(request: HttpRequest, consent_id: uuid.UUID, payload: WithdrawIn) -> Any:
    """Withdraw a consent: it covers nothing from the next request on."""
    consent = consent_queries.get_consent_for(request.user, consent_id)
    require(request, "consents.change_consent", consent)
    return consent_services.withdraw_consent(
        acting_user=acting_user(request),
        consent=consent,
        withdrawn_on=payload.withdrawn_on,
        reason=payload.reason,
        expected_version=payload.version,
    )


@router.get("/cases/{case_id}/referrals", response={200: list[ReferralOut], **ERRORS})
def list_referrals(request: HttpRequest, case_id: uuid.UUID) -> Any:
    """Referrals of a case with their state."""
    return list(queries.referrals_of_case(case_for(request, case_id)))


@router.post("/cases/{case_id}/referrals", response={201: ReferralOut, **ERRORS})
def create_referral(request: HttpRequest, case_id: uuid.UUID, payload: ReferralIn) -> Any:
    """Refer persons of the case to an organisation; sent at once. 400 names the missing
    consent. `override` needs the emergency permission (else 403) and a reason (else 400)."""
    require(request, "referrals.add_referral")
    case = case_for(request, case_id, change=True)
    persons = list(Person.objects.filter(pk__in=payload.person_ids, municipality=case.municipality))
    if len(persons) != len(set(payload.person_ids)):
        raise Http404
    referral = services.create_referral(
        acting_user=acting_user(request),
        case=case,
        persons=persons,
        organisation=tenancy_queries.get_organisation_for(request.user, payload.organisation_id),
        question=payload.question,
        categories=[str(code) for code in payload.categories],
        urgency=payload.urgency,
        service=payload.service,
        life_domain=str(payload.life_domain or ""),
        override=payload.override,
        override_reason=payload.override_reason,
    )
    return Status(201, referral)


@router.post("/referrals/{referral_id}/transitions", response={200: ReferralStateOut, **CONFLICTS})
def move_referral(request: HttpRequest, referral_id: uuid.UUID, payload: ReferralMoveIn) -> Any:
    """Move a referral: the case manager sends or cancels; the receiving organisation
    accepts, declines (with `decline_reason`), sets an appointment, completes or reports a
    no-show. 403 for a step of the other side, 400 for a move the workflow forbids."""
    referral = queries.get_referral_for(request.user, referral_id)
    return services.transition_referral(
        acting_user=acting_user(request),
        referral=referral,
        to_status=payload.to_status,
        expected_version=payload.version,
        decline_reason=payload.decline_reason or "",
        appointment_at=payload.appointment_at,
        feedback=payload.feedback,
    )


@router.get("/inbox", response={200: list[InboxItemOut], **ERRORS})
@paginate(LimitOffsetPagination)
def inbox(request: HttpRequest) -> Any:
    """Referrals to the caller's organisation (partner staff), newest first."""
    require(request, "referrals.view_inbox")
    return queries.inbox_for(request.user)


@router.get("/inbox/{referral_id}", response={200: SharedSummaryOut, **ERRORS})
def shared_summary(request: HttpRequest, referral_id: uuid.UUID) -> Any:
    """The shared summary: each referred person with only what a valid consent covers.
    An empty `persons` list means the consent was withdrawn or has expired. Audited."""
    require(request, "referrals.view_inbox")
    referral = queries.get_referral_for(request.user, referral_id)
    user = acting_user(request)
    if services.side_of(user, referral) != Side.RECEIVER:
        raise Http404
    services.record_summary_viewed(acting_user=user, referral=referral, context="api")
    return {
        "referral": referral,
        "persons": [_shared(summary) for summary in queries.shared_summary(referral)],
    }


@router.get("/notifications", response={200: list[NotificationOut], **ERRORS})
@paginate(LimitOffsetPagination)
def notifications(request: HttpRequest) -> Any:
    """The caller's notifications, newest first."""
    require(request, "accounts.use_api")
    return Notification.objects.filter(recipient=acting_user(request)).select_related(
        "referral__case", "referral__organisation"
    )
