"""Reads of cases, scoped to what a user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from lotse.cases.enums import Phase
from lotse.cases.models import Case, CaseEvent
from lotse.core.access import get_scoped


def cases_for(user: Any) -> QuerySet[Case]:
    if not user.has_perm("cases.list_case"):
        return Case.objects.none()
    return Case.objects.filter(municipality_id=user.municipality_id_or_none).select_related(
        "person", "household", "owner", "site"
    )


def get_case_for(user: Any, pk: Any) -> Case:
    queryset = cases_for(user).prefetch_related(
        Prefetch(
            "events",
            queryset=CaseEvent.objects.select_related("actor", "from_owner", "to_owner"),
        )
    )
    return get_scoped(queryset, user, pk, "cases.view_case")


def phase_counts(cases: QuerySet[Case]) -> list[tuple[Phase, int]]:
    counts = dict(cases.values_list("phase").annotate(n=Count("id")).values_list("phase", "n"))
    return [(phase, counts.get(phase.value, 0)) for phase in Phase]
