"""Reads of cases, scoped to what a user may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from lotse.cases.enums import Phase
from lotse.cases.models import Case, CaseEvent, FollowUp, WalkIn, WalkInStatus
from lotse.core.access import get_scoped


def cases_for(user: Any) -> QuerySet[Case]:
    if not user.has_perm("cases.list_case"):
        return Case.objects.none()
    return Case.objects.filter(municipality_id=user.municipality_id_or_none).select_related(
        "person", "household", "owner", "site"
    )


def with_persons_shown(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Cases for a list that names them, with what ``persons_shown`` reads (one query)."""
    return cases.prefetch_related("household__members")


def persons_shown(case: Case) -> list[Any]:
    """The ids of the persons a list identifies by naming the case: the person, or the
    household's members (``with_persons_shown``); for the audit of lists."""
    if case.household is None:
        return [case.person_id]
    return [member.pk for member in case.household.members.all()]


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


@dataclass(frozen=True)
class Caseload:
    cases: int
    fte: float
    benchmark: int

    @property
    def capacity(self) -> int:
        return round(self.fte * self.benchmark)

    @property
    def percent(self) -> int:
        return round(100 * self.cases / self.capacity) if self.capacity else 0


def caseload(user: Any, *, today: dt.date | None = None) -> Caseload:
    """Cases a case manager worked in the last twelve months, against the benchmark."""
    today = today or timezone.localdate()
    year_ago = today - dt.timedelta(days=365)
    count = (
        cases_for(user)
        .filter(owner=user, opened_on__lte=today)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=year_ago))
        .count()
    )
    membership = user.membership
    return Caseload(
        cases=count,
        fte=float(membership.fte),
        benchmark=membership.municipality.caseload_benchmark,
    )


def due_follow_ups(user: Any, *, today: dt.date | None = None) -> QuerySet[FollowUp]:
    """The user's open follow-ups due today or earlier, on cases they may see."""
    today = today or timezone.localdate()
    return (
        FollowUp.objects.filter(
            owner=user,
            done_at__isnull=True,
            due_on__lte=today,
            case__municipality_id=user.municipality_id_or_none,
        )
        .select_related("case__person", "case__household")
        .order_by("due_on", "id")
    )


def waiting_at(site_id: Any) -> int:
    return WalkIn.objects.filter(site_id=site_id, status=WalkInStatus.WAITING).count()
