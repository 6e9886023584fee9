"""The tables of the state report, counted in the database (GROUP BY and conditional
expressions; no loop over persons in Python), and the registry that lists them.

Every table is a registered ``TableSpec``: a name, a unit, fixed row and column codes and a
function that returns the counts per (row code, column code) for one municipality and
period. Codes, never labels: labels are resolved when displayed, in the viewer's language.
Another table (health-insurance clearing, say) is one more ``register(TableSpec(...))``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Case as When_
from django.db.models import CharField, Count, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from lotse.cases.enums import GoalStatus
from lotse.cases.models import Assessment, AssessmentItem, Case, Contact, Goal
from lotse.core.catalogues import ContactForm, LifeDomain, NeedLevel, ResidenceStatus
from lotse.people.enums import LifeStage
from lotse.people.models import LIFE_STAGE_BOUNDS, Person, ResidenceStatusRecord
from lotse.referrals.enums import ReferralStatus
from lotse.referrals.models import Referral
from lotse.tenancy.enums import OrganisationKind
from lotse.tenancy.models import Municipality

UNKNOWN = "unknown"
OTHER = "other"
# Common countries of origin in NRW's integration work. A fixed list, not each
# municipality's top countries, so that the files of all municipalities add up.
ORIGINS = ("RO", "BG", "SY", "AF", "IQ", "UA", "TR", "PL", "RU", "IR", "ER", "GR")
LIFE_STAGES = tuple(LifeStage.values)  # kita … senior, unknown
MOVEMENTS = ("new_closed", "new_open", "carried_closed", "carried_open")
CASE_FORMS = ("person", "household")
CHANGES = ("improved", "unchanged", "worsened")
YES_NO = ("yes", "no")
REFERRAL_STATUSES = tuple(s for s in ReferralStatus.values if s != ReferralStatus.DRAFT)

Counts = Mapping[tuple[str, str], int]


@dataclass(frozen=True)
class Period:
    label: str
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class TableSpec:
    name: str
    unit: str  # persons, cases, contacts, goals or referrals
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    count: Callable[[Municipality, Period], Counts]


REGISTRY: dict[str, TableSpec] = {}


def register(spec: TableSpec) -> TableSpec:
    REGISTRY[spec.name] = spec
    return spec


def _grouped(queryset: QuerySet[Any], row: str, column: str) -> dict[tuple[str, str], int]:
    """One GROUP BY query: counts per (row, column) of already annotated expressions."""
    rows = queryset.values(row, column).annotate(n=Count("pk", distinct=True)).order_by()
    return {(str(r[row]), str(r[column])): r["n"] for r in rows}


def active_cases(municipality: Municipality, period: Period) -> QuerySet[Case]:
    """Cases open at some time in the period."""
    return Case.objects.filter(municipality=municipality, opened_on__lte=period.end).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=period.start)
    )


def counselled_persons(municipality: Municipality, period: Period) -> QuerySet[Person]:
    """Persons of a case active in the period, directly or as a member of its household."""
    cases = active_cases(municipality, period)
    return Person.objects.filter(municipality=municipality).filter(
        Q(pk__in=cases.filter(person__isnull=False).values("person_id"))
        | Q(household_id__in=cases.filter(household__isnull=False).values("household_id"))
    )


def life_stage_at(day: dt.date) -> When_:
    """The life stage by birth year at ``day`` (often only the year of birth is known)."""
    whens = [When(birth_date__isnull=True, then=Value(UNKNOWN))]
    for bound, stage in LIFE_STAGE_BOUNDS:
        # Age by years below ``bound``: born in or after the year day.year - bound + 1.
        whens.append(When(birth_date__gte=dt.date(day.year - bound + 1, 1, 1), then=Value(stage)))
    return When_(*whens, default=Value(LifeStage.SENIOR), output_field=CharField())


def _origin() -> When_:
    return When_(
        When(country_of_origin__in=ORIGINS, then=F("country_of_origin")),
        When(country_of_origin="", then=Value(UNKNOWN)),
        default=Value(OTHER),
        output_field=CharField(),
    )


def persons_by_origin(municipality: Municipality, period: Period) -> Counts:
    persons = counselled_persons(municipality, period).annotate(
        origin=_origin(), stage=life_stage_at(period.end)
    )
    return _grouped(persons, "origin", "stage")


def persons_by_residence(municipality: Municipality, period: Period) -> Counts:
    """The residence status of the record valid at the period's end (the latest one)."""
    valid = (
        ResidenceStatusRecord.objects.filter(person=OuterRef("pk"), valid_from__lte=period.end)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=period.end))
        .order_by("-valid_from", "-recorded_at")
        .values("status")[:1]
    )
    persons = counselled_persons(municipality, period).annotate(
        residence=Coalesce(Subquery(valid), Value(UNKNOWN), output_field=CharField()),
        stage=life_stage_at(period.end),
    )
    return _grouped(persons, "residence", "stage")


def cases_by_movement(municipality: Municipality, period: Period) -> Counts:
    """Cases active in the period, in four exclusive groups: opened in it or before, closed
    in it or still open at its end; by case form (one person or a household)."""
    closed = Q(closed_on__isnull=False, closed_on__lte=period.end)
    new = Q(opened_on__gte=period.start)
    cases = active_cases(municipality, period).annotate(
        movement=When_(
            When(new & closed, then=Value("new_closed")),
            When(new, then=Value("new_open")),
            When(closed, then=Value("carried_closed")),
            default=Value("carried_open"),
            output_field=CharField(),
        ),
        form=When_(
            When(person__isnull=False, then=Value("person")),
            default=Value("household"),
            output_field=CharField(),
        ),
    )
    return _grouped(cases, "movement", "form")


def _rank(field: str) -> When_:
    return When_(
        When(**{field: NeedLevel.NONE}, then=Value(0)),
        When(**{field: NeedLevel.SOME}, then=Value(1)),
        default=Value(2),
    )


def need_change(municipality: Municipality, period: Period) -> Counts:
    """The outcome measure: per case and life domain, the need of the latest assessment up
    to the period's end against the first one (none < some < urgent). Cases with a single
    assessment, and domains missing from either, are not counted."""
    assessments = Assessment.objects.filter(
        case_id=OuterRef("assessment__case_id"), assessed_on__lte=period.end
    )
    first = assessments.order_by("assessed_on", "created_at", "pk").values("pk")[:1]
    last = assessments.order_by("-assessed_on", "-created_at", "-pk").values("pk")[:1]
    first_need = AssessmentItem.objects.filter(
        assessment_id=OuterRef("first_id"), life_domain=OuterRef("life_domain")
    ).values("need")[:1]
    items = (
        AssessmentItem.objects.filter(
            assessment__case__in=active_cases(municipality, period),
            assessment__assessed_on__lte=period.end,
        )
        .annotate(first_id=Subquery(first), last_id=Subquery(last))
        .filter(assessment_id=F("last_id"))
        .exclude(first_id=F("last_id"))
        .annotate(first_need=Subquery(first_need))
        .filter(first_need__isnull=False)
        .annotate(before=_rank("first_need"), after=_rank("need"))
        .annotate(
            change=When_(
                When(after__lt=F("before"), then=Value("improved")),
                When(after=F("before"), then=Value("unchanged")),
                default=Value("worsened"),
                output_field=CharField(),
            )
        )
    )
    return _grouped(items, "life_domain", "change")


def goals_by_status(municipality: Municipality, period: Period) -> Counts:
    goals = Goal.objects.filter(case__in=active_cases(municipality, period))
    return _grouped(goals, "life_domain", "status")


def referrals_by_outcome(municipality: Municipality, period: Period) -> Counts:
    """Referrals sent in the period, by kind of receiving organisation and present status."""
    referrals = Referral.objects.filter(
        municipality=municipality,
        sent_at__date__gte=period.start,
        sent_at__date__lte=period.end,
    ).exclude(status=ReferralStatus.DRAFT)
    return _grouped(referrals.annotate(kind=F("organisation__kind")), "kind", "status")


def contacts_by_form(municipality: Municipality, period: Period) -> Counts:
    contacts = Contact.objects.filter(
        municipality=municipality, contact_on__gte=period.start, contact_on__lte=period.end
    ).annotate(
        interpreter=When_(
            When(interpreter_used=True, then=Value("yes")),
            default=Value("no"),
            output_field=CharField(),
        )
    )
    return _grouped(contacts, "form", "interpreter")


register(
    TableSpec(
        "persons_by_origin",
        "persons",
        (*ORIGINS, OTHER, UNKNOWN),
        LIFE_STAGES,
        persons_by_origin,
    )
)
register(
    TableSpec(
        "persons_by_residence",
        "persons",
        (*ResidenceStatus.values, UNKNOWN),
        LIFE_STAGES,
        persons_by_residence,
    )
)
register(TableSpec("cases_by_movement", "cases", MOVEMENTS, CASE_FORMS, cases_by_movement))
register(TableSpec("need_change", "cases", tuple(LifeDomain.values), CHANGES, need_change))
register(
    TableSpec(
        "goals_by_status",
        "goals",
        tuple(LifeDomain.values),
        tuple(GoalStatus.values),
        goals_by_status,
    )
)
register(
    TableSpec(
        "referrals_by_outcome",
        "referrals",
        tuple(OrganisationKind.values),
        REFERRAL_STATUSES,
        referrals_by_outcome,
    )
)
register(
    TableSpec("contacts_by_form", "contacts", tuple(ContactForm.values), YES_NO, contacts_by_form)
)
