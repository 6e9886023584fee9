"""Reads of referrals, and the shared summary: what a receiving organisation may see of a
person. The consent rule lives here, so that pages, API and exports all obey it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from lotse.accounts.enums import Role
from lotse.cases.models import Assessment
from lotse.consents.models import Consent
from lotse.consents.queries import covered_categories, valid_q
from lotse.core.catalogues import DataCategory, LifeDomain, category_labels
from lotse.core.workdays import add_working_days
from lotse.people.models import Person
from lotse.referrals.enums import OPEN_STATUSES, ReferralStatus
from lotse.referrals.models import Referral
from lotse.tenancy.models import Municipality

# Assessment items, goals and contact notes of these life domains need the named category;
# the other domains (language, housing, participation, orientation) need "plan".
DOMAIN_CATEGORY = {
    LifeDomain.RESIDENCE: DataCategory.RESIDENCE,
    LifeDomain.EDUCATION: DataCategory.EDUCATION,
    LifeDomain.WORK: DataCategory.WORK,
    LifeDomain.INCOME: DataCategory.WORK,
    LifeDomain.HEALTH: DataCategory.HEALTH,
    LifeDomain.FAMILY: DataCategory.FAMILY,
}


def domain_visible(domain: str, categories: set[str]) -> bool:
    return DOMAIN_CATEGORY.get(LifeDomain(domain), DataCategory.PLAN) in categories


def _membership(user: Any) -> Any:
    return getattr(user, "membership_or_none", None) if user.is_authenticated else None


def consent_ok_annotation() -> Exists:
    """Whether a valid consent for the referral's organisation covers one of its persons.

    (The exact per-category check is in ``visible_categories``; this flags lapsed ones.)
    """
    return Exists(
        Consent.objects.filter(
            valid_q(),
            organisation_id=OuterRef("organisation_id"),
            person__referrals=OuterRef("pk"),
        )
    )


def persons_of_case(case: Any) -> QuerySet[Person]:
    """Who a case is about: its person, or the members of its household."""
    if case.person_id is not None:
        return Person.objects.filter(pk=case.person_id)
    return Person.objects.filter(household_id=case.household_id).order_by("given_name")


def referrals_of_case(case: Any) -> QuerySet[Referral]:
    return (
        Referral.objects.filter(case=case)
        .select_related("organisation")
        .prefetch_related("persons")
        .annotate(consent_ok=consent_ok_annotation())
        .order_by("-created_at")
    )


def inbox_for(user: Any) -> QuerySet[Referral]:
    """Referrals sent to the user's organisation (partner staff), newest first."""
    membership = _membership(user)
    if membership is None or not user.has_perm("referrals.view_inbox"):
        return Referral.objects.none()
    return (
        Referral.objects.filter(
            organisation_id=membership.organisation_id,
            municipality_id=membership.municipality_id,
        )
        .exclude(status=ReferralStatus.DRAFT)
        .select_related("organisation", "case__owner")
        .prefetch_related("persons")
        .annotate(consent_ok=consent_ok_annotation())
        .order_by("-sent_at")
    )


def get_referral_for(user: Any, pk: Any) -> Referral:
    """A referral for either side: the referring municipality's case managers or the
    receiving organisation's staff. Anything else is a 404."""
    membership = _membership(user)
    if membership is None:
        raise Http404
    queryset = Referral.objects.select_related(
        "organisation", "case__owner", "case__municipality", "case__person", "case__household"
    ).annotate(consent_ok=consent_ok_annotation())
    if membership.role == Role.CASE_MANAGER:
        queryset = queryset.filter(municipality_id=membership.municipality_id)
    elif membership.role == Role.PARTNER_STAFF and user.has_perm("referrals.view_inbox"):
        queryset = queryset.filter(
            organisation_id=membership.organisation_id,
            municipality_id=membership.municipality_id,
        ).exclude(status=ReferralStatus.DRAFT)
    else:
        raise Http404
    try:
        return queryset.get(pk=pk)
    except (Referral.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise Http404 from exc


def overdue_q(*, today: dt.date | None = None) -> Q:
    """Sent referrals still without an answer after the municipality's working days."""
    day = today or timezone.localdate()
    days = set(Municipality.objects.values_list("referral_answer_days", flat=True))
    condition = Q(pk__in=[])
    for count in days:
        condition |= Q(
            municipality__referral_answer_days=count,
            sent_at__date__lt=add_working_days(day, -count),
        )
    return Q(status=ReferralStatus.SENT) & condition


def overdue_for(user: Any, *, today: dt.date | None = None) -> QuerySet[Referral]:
    """The user's sent referrals (cases they own) still without an answer in time, by their
    municipality's number of working days."""
    membership = _membership(user)
    if membership is None or membership.municipality is None:
        return Referral.objects.none()
    days = membership.municipality.referral_answer_days
    cutoff = add_working_days(today or timezone.localdate(), -days)
    return (
        Referral.objects.filter(
            status=ReferralStatus.SENT, case__owner=user, sent_at__date__lt=cutoff
        )
        .select_related("organisation", "case")
        .order_by("sent_at")
    )


def open_overrides(municipality_id: Any) -> QuerySet[Referral]:
    """Referrals made without consent (emergency), for the coordinators' attention."""
    return (
        Referral.objects.filter(municipality_id=municipality_id)
        .exclude(override_reason="")
        .select_related("organisation", "case", "created_by")
        .order_by("-created_at")
    )


@dataclass
class PersonSummary:
    """What the receiving organisation may see of one person: only covered categories."""

    person: Person
    categories: set[str]
    residence: Any = None
    insurance: Any = None
    languages: list[Any] = field(default_factory=list)
    household_size: int | None = None
    household_stages: list[str] = field(default_factory=list)
    needs: list[Any] = field(default_factory=list)
    goals: list[Any] = field(default_factory=list)
    contacts: list[Any] = field(default_factory=list)

    def shows(self, category: str) -> bool:
        return category in self.categories

    @property
    def category_labels(self) -> list[str]:
        return category_labels(self.categories)


def visible_categories(referral: Referral, persons: Iterable[Person]) -> dict[Any, set[str]]:
    """Per person, the categories the receiver may see now: those the referral shares and a
    valid consent covers; for an emergency referral, what it shares while it is open."""
    persons = list(persons)
    shared = set(referral.categories)
    if referral.overridden:
        is_open = referral.status in OPEN_STATUSES
        return {p.pk: (shared if is_open else set()) for p in persons}
    covered = covered_categories([p.pk for p in persons], referral.organisation_id)
    return {p.pk: shared & covered[p.pk] for p in persons}


def shared_summary(referral: Referral) -> list[PersonSummary]:
    """The summary of each referred person, reduced to what may be seen. Empty categories
    mean nothing is shown; a person without any is left out."""
    persons = list(
        referral.persons.select_related("household").prefetch_related(
            "languages", "residence_history", "insurance_history", "household__members"
        )
    )
    visible = visible_categories(referral, persons)
    case = referral.case
    latest = (
        Assessment.objects.filter(case=case).prefetch_related("items").order_by("-assessed_on")
    ).first()
    goals = list(case.goals.all())
    contacts = list(case.contacts.all()[:20])
    summaries = []
    for person in persons:
        cats = visible[person.pk]
        if not cats or DataCategory.IDENTITY not in cats:
            continue
        summary = PersonSummary(person=person, categories=cats)
        summary.languages = list(person.languages.all())
        if DataCategory.RESIDENCE in cats:
            summary.residence = next(iter(person.residence_history.all()), None)
        if DataCategory.HEALTH in cats:
            summary.insurance = next(iter(person.insurance_history.all()), None)
        if DataCategory.HOUSEHOLD in cats and person.household is not None:
            members = list(person.household.members.all())
            summary.household_size = len(members)
            summary.household_stages = [str(m.life_stage.label) for m in members]
        if latest is not None:
            summary.needs = [
                item for item in latest.items.all() if domain_visible(item.life_domain, cats)
            ]
        summary.goals = [g for g in goals if domain_visible(g.life_domain, cats)]
        if DataCategory.NOTES in cats:
            summary.contacts = [
                c for c in contacts if all(domain_visible(d, cats) for d in c.life_domains)
            ]
        summaries.append(summary)
    return summaries
