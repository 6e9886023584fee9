"""The funding figures (Verwendungsnachweis): the positions a municipality staffs, by kind
and employer, against the positions the state funds, and what they did in a period.

Positions come from the staff's memberships (role and full-time equivalent) as they are
today: Lotse keeps no history of staffing, so a report for a past period shows today's
staff (docs/reports.md says so)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotse.accounts.enums import Role
from lotse.accounts.models import Membership
from lotse.cases.models import Case, Contact
from lotse.reports.figures import Bar, Chart, Figure
from lotse.tenancy.enums import OrganisationKind
from lotse.tenancy.models import Municipality

# Position kinds of the KIM funding and the roles that fill them. Clearing counsellors and
# partner staff are funded elsewhere and do not count here.
KINDS = (
    ("case_management", gettext_lazy("Case management"), (Role.CASE_MANAGER,)),
    ("coordination", gettext_lazy("Coordination"), (Role.COORDINATOR, Role.CENTRE_LEAD)),
    ("administration", gettext_lazy("Administration"), (Role.ADMINISTRATOR,)),
)
EMPLOYERS = (("city", gettext_lazy("City")), ("provider", gettext_lazy("Provider")))
CENT = Decimal("0.01")


def employer_of(kind: str | None) -> str:
    """City staff work for a city office (or belong to no organisation); everybody else
    is employed by a provider (welfare or migrant association, …)."""
    return "city" if kind in (None, "", OrganisationKind.CITY_OFFICE) else "provider"


@dataclass(frozen=True)
class Funding:
    municipality: Municipality
    start: dt.date
    end: dt.date
    positions: Figure
    funded: Figure
    work: Figure
    amount_per_year: Decimal
    amount_for_period: Decimal

    @property
    def figures(self) -> list[Figure]:
        return [self.positions, self.funded, self.work]


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _share_of_year(start: dt.date, end: dt.date) -> Decimal:
    """The part of a funding year the period covers, day by day (leap years count 366)."""
    total = Decimal(0)
    day = start
    while day <= end:
        year_end = min(end, dt.date(day.year, 12, 31))
        days_in_year = (dt.date(day.year, 12, 31) - dt.date(day.year, 1, 1)).days + 1
        total += Decimal((year_end - day).days + 1) / Decimal(days_in_year)
        day = year_end + dt.timedelta(days=1)
    return total


def funding_report(municipality: Municipality, start: dt.date, end: dt.date) -> Funding:
    staffed = {
        (row["role"], employer_of(row["organisation__kind"])): row
        for row in Membership.objects.filter(municipality=municipality, user__is_active=True)
        .values("role", "organisation__kind")
        .annotate(people=Count("pk"), fte=Sum("fte"))
    }

    def staffed_for(roles: tuple[Role, ...], employer: str | None = None) -> tuple[int, Decimal]:
        people, fte = 0, Decimal(0)
        for (role, who), row in staffed.items():
            if role in roles and employer in (None, who):
                people += row["people"]
                fte += row["fte"] or 0
        return people, fte

    position_rows: list[list[Any]] = []
    people_total, fte_total = 0, Decimal(0)
    for _code, label, roles in KINDS:
        for employer, employer_label in EMPLOYERS:
            people, fte = staffed_for(roles, employer)
            position_rows.append([str(label), str(employer_label), people, fte])
            people_total += people
            fte_total += fte
    chart = Chart(
        series=[str(label) for _e, label in EMPLOYERS],
        bars=[
            Bar(str(label), [float(staffed_for(roles, e)[1]) for e, _l in EMPLOYERS])
            for _c, label, roles in KINDS
        ],
    )
    position_rows.append([_("Total"), "", people_total, fte_total])
    positions = Figure(
        "positions",
        _("Staffed positions by kind and employer"),
        [_("Kind"), _("Employer"), _("staff"), _("full-time equivalents")],
        position_rows,
        chart,
        key_columns=2,
    )

    per_year = municipality.funding_per_position
    year_share = _share_of_year(start, end)
    funded_counts = {
        "case_management": municipality.funded_case_management,
        "coordination": municipality.funded_coordination,
        "administration": municipality.funded_administration,
    }
    funded_rows = []
    for code, label, roles in KINDS:
        funded_positions = funded_counts[code]
        funded_rows.append(
            [
                str(label),
                funded_positions,
                staffed_for(roles)[1],
                per_year,
                _money(funded_positions * per_year),
                _money(funded_positions * per_year * year_share),
            ]
        )
    amount_per_year = _money(sum(funded_counts.values(), Decimal(0)) * per_year)
    amount_for_period = _money(sum(funded_counts.values(), Decimal(0)) * per_year * year_share)
    funded_rows.append(
        [
            _("Total"),
            sum(funded_counts.values(), Decimal(0)),
            fte_total,
            per_year,
            amount_per_year,
            amount_for_period,
        ]
    )
    funded = Figure(
        "funded",
        _("Funded positions and amounts"),
        [
            _("Kind"),
            _("funded positions"),
            _("staffed full-time equivalents"),
            _("EUR per position and year"),
            _("EUR per year"),
            _("EUR for the period"),
        ],
        funded_rows,
    )

    active = (
        Case.objects.filter(municipality=municipality, opened_on__lte=end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start))
        .count()
    )
    contacts = Contact.objects.filter(
        municipality=municipality, contact_on__range=(start, end)
    ).count()
    cm_fte = staffed_for((Role.CASE_MANAGER,))[1]
    funded_cm = funded_counts["case_management"]

    def per(value: int, positions: Decimal) -> float | None:
        return round(value / float(positions), 1) if positions else None

    work = Figure(
        "work",
        _("Cases and contacts per case-management position"),
        [_("Measure"), _("number"), _("per staffed position"), _("per funded position")],
        [
            [_("Cases worked in the period"), active, per(active, cm_fte), per(active, funded_cm)],
            [
                _("Contacts in the period"),
                contacts,
                per(contacts, cm_fte),
                per(contacts, funded_cm),
            ],
        ],
    )
    return Funding(
        municipality=municipality,
        start=start,
        end=end,
        positions=positions,
        funded=funded,
        work=work,
        amount_per_year=amount_per_year,
        amount_for_period=amount_for_period,
    )
