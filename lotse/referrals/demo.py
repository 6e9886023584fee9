"""Demo consents and referrals for the demo cases: every state of the workflow appears,
some answers are overdue, one consent in a few has been withdrawn. Built through the services
(the receiving side answers as the demo partner users)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from lotse.accounts.models import User
from lotse.cases.models import Case
from lotse.consents import services as consent_services
from lotse.people.models import Person
from lotse.referrals import services
from lotse.referrals.enums import ReferralStatus
from lotse.referrals.models import Referral
from lotse.tenancy.models import Organisation


@dataclass(frozen=True)
class Partner:
    organisation: str
    username: str
    categories: tuple[str, ...]
    purpose: str
    question: str
    life_domain: str


PARTNERS = (
    Partner(
        "Jobcenter Duisburg",
        "jobcenter.duisburg",
        ("identity", "work", "plan"),
        "Unterstützung bei Arbeit, Ausbildung und Sprachkurs",
        "Bitte um Beratung zu Arbeit und Sprachkurs (Demo).",
        "work",
    ),
    Partner(
        "Ausländeramt Duisburg",
        "abh.duisburg",
        ("identity", "residence"),
        "Klärung und Verlängerung des Aufenthaltsstatus",
        "Bitte um einen Termin zur Verlängerung des Aufenthaltstitels (Demo).",
        "residence",
    ),
    Partner(
        "AWO-Integration Duisburg",
        "awo.duisburg",
        ("identity", "household", "family"),
        "Beratung der Familie",
        "Bitte um Familienberatung (Demo).",
        "family",
    ),
)
# How far each demo referral gets, with weights.
OUTCOMES = {
    "sent": 3,
    "overdue": 2,
    "accepted": 2,
    "appointment_set": 2,
    "completed": 2,
    "declined": 1,
    "withdrawn": 1,
}


def seed_referral(case: Case, persons: list[Person], manager: User) -> Referral | None:
    """Maybe refer the first person of a demo case; deterministic per case."""
    rng = random.Random(case.reference)  # noqa: S311  (demo data)
    if rng.random() > 0.35:
        return None
    partner = rng.choice(PARTNERS)
    organisation = Organisation.objects.get(
        municipality_id=case.municipality_id, name=partner.organisation
    )
    receiver = User.objects.get(username=partner.username)
    person = persons[0]
    today = timezone.localdate()
    consent = consent_services.record_consent(
        acting_user=manager,
        person=person,
        organisation=organisation,
        purpose=partner.purpose,
        categories=partner.categories,
        medium=rng.choice(("written", "electronic")),
        given_on=max(case.opened_on, today - dt.timedelta(days=60)),
    )
    referral = services.create_referral(
        acting_user=manager,
        case=case,
        persons=[person],
        organisation=organisation,
        question=partner.question,
        life_domain=partner.life_domain,
        categories=partner.categories,
        urgency=rng.choice(("normal", "normal", "soon", "urgent")),
    )
    # Family counselling is the demo's bottleneck: its referrals come back declined more
    # often, which the service landscape analysis then shows.
    weights = {**OUTCOMES, "declined": 5} if partner.life_domain == "family" else OUTCOMES
    outcome = rng.choices(list(weights), weights=list(weights.values()))[0]
    if outcome == "overdue":
        # Sent three weeks ago and not answered (the timestamp is back-dated for the demo).
        Referral.objects.filter(pk=referral.pk).update(
            sent_at=timezone.now() - dt.timedelta(days=21)
        )
    elif outcome == "withdrawn":
        consent_services.withdraw_consent(
            acting_user=manager,
            consent=consent,
            withdrawn_on=today,
            reason="Die Person möchte die Weitergabe nicht mehr (Demo).",
            expected_version=consent.version,
        )
    elif outcome != "sent":
        _answer(referral, receiver, outcome, today)
    return referral


def _answer(referral: Referral, receiver: User, outcome: str, today: dt.date) -> None:
    def move(to: ReferralStatus, **extra: object) -> None:
        referral.refresh_from_db()
        services.transition_referral(
            acting_user=receiver,
            referral=referral,
            to_status=to,
            expected_version=referral.version,
            **extra,  # type: ignore[arg-type]
        )

    if outcome == "declined":
        move(ReferralStatus.DECLINED, decline_reason="no_capacity", feedback="Warteliste voll.")
        return
    move(ReferralStatus.ACCEPTED)
    if outcome in ("appointment_set", "completed"):
        when = dt.datetime.combine(today + dt.timedelta(days=7), dt.time(10, 0))
        move(
            ReferralStatus.APPOINTMENT_SET,
            appointment_at=timezone.make_aware(when),
        )
    if outcome == "completed":
        move(ReferralStatus.COMPLETED, feedback="Beratung hat stattgefunden (Demo).")
