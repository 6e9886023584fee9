"""The scope of the figures: a period, filters, and whose cases count.

Which cases count: a case is *in the period* when it was open on at least one day of it
(opened on or before the end, not closed before the start). Persons are those of such cases
(the person of a person's case, every member of a household's case)."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from lotse.accounts.enums import Role
from lotse.cases.models import Case
from lotse.people.models import Person
from lotse.tenancy.models import Municipality


@dataclass(frozen=True)
class Filters:
    start: dt.date
    end: dt.date
    site_id: Any = None
    owner_id: Any = None
    organisation_id: Any = None

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class Scope:
    """Whose figures: a municipality, narrowed by the filters (and, for a case manager, to
    their own cases whatever the filters say)."""

    municipality: Municipality
    filters: Filters
    # Results shared by several figures of one dashboard (see ``share_persons`` and
    # ``profile`` in person_figures), and a lock for them: the figures of one dashboard may
    # be computed by several threads at once.
    cache: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    lock: threading.Lock = field(default_factory=threading.Lock, compare=False, hash=False)

    @property
    def narrowed(self) -> bool:
        """Whether the filters pick some of the municipality's cases, not all."""
        f = self.filters
        return bool(f.site_id or f.owner_id or f.organisation_id)

    def cases(self) -> QuerySet[Case]:
        f = self.filters
        cases = Case.objects.filter(municipality=self.municipality)
        if f.site_id:
            cases = cases.filter(site_id=f.site_id)
        if f.owner_id:
            cases = cases.filter(owner_id=f.owner_id)
        if f.organisation_id:
            cases = cases.filter(owner__membership__organisation_id=f.organisation_id)
        return cases

    def active_cases(self) -> QuerySet[Case]:
        f = self.filters
        return (
            self.cases()
            .filter(opened_on__lte=f.end)
            .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=f.start))
        )

    def persons(self) -> QuerySet[Person]:
        active = self.active_cases()
        return Person.objects.filter(municipality=self.municipality).filter(
            Q(pk__in=active.filter(person__isnull=False).values("person_id"))
            | Q(household_id__in=active.filter(household__isnull=False).values("household_id"))
        )


def scope_for(user: Any, municipality: Municipality, filters: Filters) -> Scope:
    """A case manager sees their own figures only; the others their municipality's."""
    if user.role == Role.CASE_MANAGER:
        filters = Filters(start=filters.start, end=filters.end, owner_id=user.pk)
    return Scope(municipality, filters)
