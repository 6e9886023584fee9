"""Reads of clearing cases, scoped to what a user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from lotse.clearing.models import ClearingCase, ClearingStep
from lotse.core.access import get_scoped, permitted_municipality_id

HOME_LIMIT = 20


def clearing_cases_for(user: Any) -> QuerySet[ClearingCase]:
    """The clearing cases of the user's municipality, for clearing counsellors."""
    municipality_id = permitted_municipality_id(user, "clearing.list_clearingcase")
    if municipality_id is None:
        return ClearingCase.objects.none()
    return ClearingCase.objects.filter(municipality_id=municipality_id).select_related(
        "person", "counsellor"
    )


def get_clearing_case_for(user: Any, pk: Any) -> ClearingCase:
    """One clearing case with its steps; a foreign or missing one is a 404."""
    queryset = (
        clearing_cases_for(user)
        .select_related("case")
        .prefetch_related(
            Prefetch("steps", queryset=ClearingStep.objects.select_related("recorded_by"))
        )
    )
    return get_scoped(queryset, user, pk, "clearing.view_clearingcase")


def open_closed_counts(cases: QuerySet[ClearingCase]) -> dict[str, int]:
    """How many of ``cases`` are open and closed, in one query."""
    counts = cases.aggregate(
        open=Count("id", filter=Q(closed_on__isnull=True)),
        closed=Count("id", filter=Q(closed_on__isnull=False)),
    )
    return {"open": counts["open"] or 0, "closed": counts["closed"] or 0}


def open_cases_of(user: Any) -> QuerySet[ClearingCase]:
    """The counsellor's own open clearing cases, oldest first (the home page)."""
    return (
        clearing_cases_for(user)
        .filter(counsellor=user, closed_on__isnull=True)
        .order_by("opened_on", "created_at")
    )


def clearing_cases_of_person(user: Any, person: Any) -> QuerySet[ClearingCase]:
    """The person's clearing cases, for the person page: counsellors may open them, case
    managers only learn that they exist."""
    if not user.has_perm("clearing.see_clearing_exists") or user.municipality_id_or_none is None:
        return ClearingCase.objects.none()
    return ClearingCase.objects.filter(
        municipality_id=user.municipality_id_or_none, person=person
    ).order_by("-opened_on")
