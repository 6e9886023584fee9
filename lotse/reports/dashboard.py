"""The municipal dashboard: the figures that steer a KIM office, for a period and filtered
by site, case manager and organisation (definitions in docs/reports.md). The figures live
in case_figures and person_figures, the period, filters and whose cases count in scope."""

from __future__ import annotations

from collections.abc import Callable

from lotse.reports.case_figures import (
    caseload,
    cases_by_site,
    contacts,
    duration,
    goals,
    need_change,
    referrals,
    structural_issues,
    waiting,
)
from lotse.reports.figures import Figure
from lotse.reports.person_figures import languages, life_stages, origin, residence
from lotse.reports.scope import Filters, Scope, scope_for

__all__ = ["FIGURES", "Filters", "Scope", "dashboard", "figure", "scope_for"]

FIGURES: dict[str, Callable[[Scope], Figure]] = {
    "cases": cases_by_site,
    "caseload": caseload,
    "waiting": waiting,
    "duration": duration,
    "contacts": contacts,
    "referrals": referrals,
    "goals": goals,
    "need_change": need_change,
    "origin": origin,
    "languages": languages,
    "life_stages": life_stages,
    "residence": residence,
    "structural_issues": structural_issues,
}


def figure(scope: Scope, name: str) -> Figure:
    return FIGURES[name](scope)


def dashboard(scope: Scope) -> list[Figure]:
    return [build(scope) for build in FIGURES.values()]
