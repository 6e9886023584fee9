"""The dashboard's figures about cases and the work on them: cases per site, caseload,
waiting times, duration, contacts, referrals, goals and the change of need. Counted in the
database; only the durations behind a median are read as values."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from django.db import connection
from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotse.accounts.enums import Role
from lotse.accounts.models import Membership
from lotse.cases.enums import GoalStatus
from lotse.cases.models import Assessment, AssessmentItem, Contact, Goal, WalkIn
from lotse.cases.models.issues import CaseStructuralIssue, StructuralIssue
from lotse.core.catalogues import ContactForm, LifeDomain
from lotse.referrals.enums import ReferralStatus
from lotse.referrals.models import Referral
from lotse.reports.figures import Bar, Chart, Figure, Spread, share
from lotse.reports.scope import Scope


def cases_by_site(scope: Scope) -> Figure:
    f = scope.filters
    rows_q = (
        scope.cases()
        .values("site__name")
        .annotate(
            new=Count("pk", filter=Q(opened_on__range=(f.start, f.end))),
            open=Count(
                "pk",
                filter=Q(opened_on__lte=f.end)
                & (Q(closed_on__isnull=True) | Q(closed_on__gt=f.end)),
            ),
            closed=Count("pk", filter=Q(closed_on__range=(f.start, f.end))),
        )
        .order_by("site__name")
    )
    rows = [[r["site__name"], r["new"], r["closed"], r["open"]] for r in rows_q]
    rows = [row for row in rows if any(row[1:])]
    totals = [sum(row[i] for row in rows) for i in (1, 2, 3)]
    chart = Chart(
        series=[_("new"), _("closed"), _("open at the end")],
        bars=[Bar(row[0], [row[1], row[2], row[3]]) for row in rows],
        stacked=False,
    )
    rows.append([_("Total"), *totals])
    return Figure(
        "cases",
        _("Cases: new, closed and open at the end of the period"),
        [_("Site"), _("new"), _("closed"), _("open at the end")],
        rows,
        chart,
    )


def caseload(scope: Scope) -> Figure:
    """Cases per full-time position against the municipality's benchmark (cases per
    position and year), pro rata for the period."""
    f = scope.filters
    staff = Membership.objects.filter(
        municipality=scope.municipality, role=Role.CASE_MANAGER, user__is_active=True
    ).select_related("user", "site")
    if f.site_id:
        staff = staff.filter(site_id=f.site_id)
    if f.owner_id:
        staff = staff.filter(user_id=f.owner_id)
    if f.organisation_id:
        staff = staff.filter(organisation_id=f.organisation_id)
    counts = {
        row["owner_id"]: row
        for row in scope.active_cases()
        .values("owner_id")
        .annotate(
            worked=Count("pk"),
            open=Count("pk", filter=Q(closed_on__isnull=True) | Q(closed_on__gt=f.end)),
        )
    }
    benchmark = scope.municipality.caseload_benchmark * min(1.0, f.days / 365)
    rows = []
    for membership in sorted(staff, key=lambda m: m.user.get_full_name() or m.user.username):
        row = counts.get(membership.user_id, {"worked": 0, "open": 0})
        fte = float(membership.fte)
        per_position = round(row["worked"] / fte, 1) if fte else None
        rows.append(
            [
                membership.user.get_full_name() or membership.user.username,
                membership.site.name if membership.site else "",
                fte,
                row["worked"],
                row["open"],
                per_position,
                round(100 * per_position / benchmark, 1) if per_position and benchmark else 0.0,
            ]
        )
    chart = Chart(
        series=[_("share of the benchmark (%)")],
        bars=[Bar(row[0], [row[6] or 0]) for row in rows],
        stacked=False,
        unit="%",
    )
    return Figure(
        "caseload",
        _("Caseload per full-time position"),
        [
            _("Case manager"),
            _("Site"),
            _("Full-time equivalent"),
            _("cases in the period"),
            _("open at the end"),
            _("cases per full-time position"),
            _("share of the benchmark (%)"),
        ],
        rows,
        chart,
        note=_(
            "Benchmark: %(benchmark)s cases per full-time position and year, "
            "%(pro_rata)s for this period."
        )
        % {"benchmark": scope.municipality.caseload_benchmark, "pro_rata": round(benchmark)},
    )


def _elapsed(later: str, earlier: str) -> ExpressionWrapper:
    return ExpressionWrapper(F(later) - F(earlier), output_field=DurationField())


def waiting(scope: Scope) -> Figure:
    f = scope.filters
    walk_ins = WalkIn.objects.filter(
        municipality=scope.municipality,
        arrived_at__date__range=(f.start, f.end),
        called_at__isnull=False,
    )
    if f.site_id:
        walk_ins = walk_ins.filter(site_id=f.site_id)
    if f.owner_id or f.organisation_id:
        who = Q(called_by_id=f.owner_id) if f.owner_id else Q()
        if f.organisation_id:
            who &= Q(called_by__membership__organisation_id=f.organisation_id)
        walk_ins = walk_ins.filter(who)
    # The database subtracts: one interval per row is cheaper to read than two timestamps.
    # No order: the spread sorts the values itself.
    queue = [
        wait.total_seconds() / 60
        for wait in walk_ins.order_by()
        .annotate(wait=_elapsed("called_at", "arrived_at"))
        .values_list("wait", flat=True)
    ]
    first_walk_in = (
        WalkIn.objects.filter(person_id=OuterRef("person_id"))
        .order_by("arrived_at")
        .values("arrived_at")[:1]
    )
    first_contact = (
        Contact.objects.filter(case_id=OuterRef("pk"))
        .order_by("contact_on")
        .values("contact_on")[:1]
    )
    # Cases without a contact yet are skipped here rather than in SQL, where the first
    # contact would be looked up twice per case.
    opened = (
        scope.cases()
        .filter(opened_on__range=(f.start, f.end))
        .order_by()
        .annotate(first_walk_in=Subquery(first_walk_in), first_contact=Subquery(first_contact))
        .values_list("opened_on", "first_walk_in", "first_contact")
    )
    to_counselling: list[float] = []
    to_first_contact: list[float] = []
    for opened_on, walked_in, contacted in opened:
        if contacted is None:
            continue
        to_first_contact.append(max(0, (contacted - opened_on).days))
        if walked_in is not None:
            to_counselling.append(max(0, (contacted - timezone.localdate(walked_in)).days))
    referrals = (
        _referrals_sent(scope)
        .filter(answered_at__isnull=False)
        .order_by()
        .annotate(wait=_elapsed("answered_at", "sent_at"))
        .values_list("wait", flat=True)
    )
    answer = [wait.total_seconds() / 86400 for wait in referrals]
    measures = [
        (_("Waiting at the open office hours (minutes)"), Spread.of(queue)),
        (_("First walk-in to first counselling contact (days)"), Spread.of(to_counselling)),
        (_("Case opened to first contact (days)"), Spread.of(to_first_contact)),
        (_("Referral sent to answer (days)"), Spread.of([round(a, 1) for a in answer])),
    ]
    rows = [[label, s.count, s.median, s.mean, s.p90] for label, s in measures]
    return Figure(
        "waiting",
        _("Waiting times"),
        [_("Measure"), _("number"), _("median"), _("average"), _("90th percentile")],
        rows,
        note=_(
            "Half of the waits were at most as long as the median, nine in ten at most as "
            "long as the 90th percentile."
        ),
    )


DURATION_BANDS = (
    (91, gettext_lazy("up to 3 months")),
    (182, gettext_lazy("3 to 6 months")),
    (365, gettext_lazy("6 to 12 months")),
    (None, gettext_lazy("more than 12 months")),
)


def duration(scope: Scope) -> Figure:
    f = scope.filters
    days = [
        (closed - opened).days  # type: ignore[operator]  # closed_on: filtered
        for opened, closed in scope.cases()
        .filter(closed_on__range=(f.start, f.end))
        .order_by()
        .values_list("opened_on", "closed_on")
    ]
    spread = Spread.of(days)
    # Counted by the band's position: a translated label per case would cost a lookup of
    # the language each (several thousand closed cases a year).
    bands: Counter[int] = Counter()
    for value in days:
        for position, (bound, _label) in enumerate(DURATION_BANDS):
            if bound is None or value < bound:
                bands[position] += 1
                break
    rows: list[list[Any]] = [
        [str(label), bands[position]] for position, (_b, label) in enumerate(DURATION_BANDS)
    ]
    chart = Chart(series=[_("closed cases")], bars=[Bar(r[0], [r[1]]) for r in rows])
    rows.append([_("Total"), spread.count])
    return Figure(
        "duration",
        _("Duration of the cases closed in the period"),
        [_("Duration"), _("closed cases")],
        rows,
        chart,
        note=_("Median %(median)s days, average %(mean)s days.")
        % {"median": spread.median if spread.count else "—", "mean": spread.mean or "—"},
        extra={"spread": spread},
    )


def contacts(scope: Scope) -> Figure:
    f = scope.filters
    in_period = Contact.objects.filter(
        municipality=scope.municipality, contact_on__range=(f.start, f.end)
    )
    if scope.narrowed:
        in_period = in_period.filter(case__in=scope.cases())
    by_form = {
        row["form"]: row
        for row in in_period.values("form").annotate(
            n=Count("pk"), interpreted=Count("pk", filter=Q(interpreter_used=True))
        )
    }
    # Per case of the period (open on at least one day of it), as the caseload counts.
    cases = scope.active_cases().count()
    rows = []
    for form in ContactForm:
        row = by_form.get(form.value)
        if row is None:
            continue
        rows.append(
            [str(form.label), row["n"], row["interpreted"], share(row["interpreted"], row["n"])]
        )
    total = sum(r[1] for r in rows)
    interpreted = sum(r[2] for r in rows)
    chart = Chart(
        series=[_("with interpreter"), _("without interpreter")],
        bars=[Bar(r[0], [r[2], r[1] - r[2]]) for r in rows],
    )
    rows.append([_("Total"), total, interpreted, share(interpreted, total)])
    per_case = round(total / cases, 1) if cases else None
    return Figure(
        "contacts",
        _("Contacts and interpreter use"),
        [_("Form"), _("contacts"), _("with interpreter"), _("with interpreter (%)")],
        rows,
        chart,
        note=_("%(per_case)s contacts per case of the period (%(cases)s cases).")
        % {"per_case": per_case if per_case is not None else "—", "cases": cases},
        extra={"per_case": per_case, "cases": cases},
    )


REFERRAL_COLUMNS = (
    (ReferralStatus.SENT, ReferralStatus.DRAFT),
    (ReferralStatus.ACCEPTED, ReferralStatus.APPOINTMENT_SET),
    (ReferralStatus.COMPLETED,),
    (ReferralStatus.DECLINED,),
    (ReferralStatus.NO_SHOW,),
    (ReferralStatus.CANCELLED,),
)


def _referrals_sent(scope: Scope) -> QuerySet[Referral]:
    """The referrals sent in the period from the cases of the scope. A referral carries its
    case's municipality: without a filter its cases need not be looked up one by one."""
    f = scope.filters
    sent = Referral.objects.filter(
        municipality=scope.municipality, sent_at__date__range=(f.start, f.end)
    )
    if scope.narrowed:
        sent = sent.filter(case__in=scope.cases())
    return sent


def referrals(scope: Scope) -> Figure:
    grouped = _referrals_sent(scope).values("organisation__name", "status").annotate(n=Count("pk"))
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for row in grouped:
        table[row["organisation__name"]][row["status"]] += row["n"]
    header_labels = [
        _("no answer yet"),
        _("accepted"),
        _("completed"),
        _("declined"),
        _("did not come"),
        _("cancelled"),
    ]
    rows: list[list[Any]] = []
    for name in sorted(table):
        values = [sum(table[name][s] for s in group) for group in REFERRAL_COLUMNS]
        rows.append([name, *values, sum(values)])
    chart = Chart(series=header_labels, bars=[Bar(str(r[0]), list(r[1:-1])) for r in rows])
    if rows:
        totals = [sum(int(r[i]) for r in rows) for i in range(1, len(rows[0]))]
        rows.append([_("Total"), *totals])
    return Figure(
        "referrals",
        _("Referrals sent in the period, by receiving organisation and outcome"),
        [_("Receiving organisation"), *header_labels, _("Total")],
        rows,
        chart,
    )


def goals(scope: Scope) -> Figure:
    grouped = (
        Goal.objects.filter(case__in=scope.active_cases())
        .values("life_domain", "status")
        .annotate(n=Count("pk"))
    )
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for row in grouped:
        table[row["life_domain"]][row["status"]] += row["n"]
    statuses = list(GoalStatus)
    rows: list[list[Any]] = []
    bars = []
    for domain in LifeDomain:
        if domain.value not in table:
            continue
        values = [table[domain.value][s.value] for s in statuses]
        rows.append([str(domain.label), *values, sum(values)])
        bars.append(Bar(str(domain.label), [float(v) for v in values]))
    chart = Chart(series=[str(s.label) for s in statuses], bars=bars)
    return Figure(
        "goals",
        _("Goals by life domain and status"),
        [_("Life domain"), *[str(s.label) for s in statuses], _("Total")],
        rows,
        chart,
    )


# The first and the latest assessment of each case (up to the end of the period), found by
# one window over the case's assessments in order (the latest is the last position), and the
# items of both joined by life domain: one statement that PostgreSQL and SQLite (3.25+)
# both run, instead of a correlated lookup per item.
NEED_CHANGE_SQL = """
WITH ranked AS (
    SELECT a.id, a.case_id,
        ROW_NUMBER() OVER (
            PARTITION BY a.case_id ORDER BY a.assessed_on, a.created_at, a.id
        ) AS position,
        COUNT(*) OVER (PARTITION BY a.case_id) AS assessments
    FROM {assessment} a
    WHERE a.assessed_on <= %s AND a.case_id IN ({cases})
), ends AS (
    SELECT MAX(CASE WHEN position = 1 THEN id END) AS first_id,
           MAX(CASE WHEN position = assessments THEN id END) AS latest_id
    FROM ranked
    WHERE assessments >= 2 AND (position = 1 OR position = assessments)
    GROUP BY case_id
)
SELECT latest.life_domain, {rank_first} AS first_rank, {rank_latest} AS latest_rank, COUNT(*)
FROM ends
JOIN {item} earlier ON earlier.assessment_id = ends.first_id
JOIN {item} latest
    ON latest.assessment_id = ends.latest_id AND latest.life_domain = earlier.life_domain
GROUP BY latest.life_domain, first_rank, latest_rank
"""


def _need_rank(alias: str) -> str:
    return f"CASE {alias}.need WHEN 'some' THEN 1 WHEN 'urgent' THEN 2 ELSE 0 END"


def need_change(scope: Scope) -> Figure:
    """The outcome measure: per life domain, how the need changed between a case's first and
    latest assessment up to the end of the period (cases with two or more assessments)."""
    f = scope.filters
    cases_sql, cases_params = scope.active_cases().order_by().values("pk").query.sql_with_params()
    sql = NEED_CHANGE_SQL.format(
        assessment=Assessment._meta.db_table,
        item=AssessmentItem._meta.db_table,
        cases=cases_sql,
        rank_first=_need_rank("earlier"),
        rank_latest=_need_rank("latest"),
    )
    by_domain: dict[str, Counter[str]] = defaultdict(Counter)
    with connection.cursor() as cursor:
        cursor.execute(sql, [f.end, *cases_params])
        for domain, first_rank, latest_rank, n in cursor.fetchall():
            counts = by_domain[domain]
            if latest_rank < first_rank:
                counts["improved"] += n
            elif latest_rank == first_rank:
                counts["same"] += n
            else:
                counts["worse"] += n
            if first_rank > 0:
                counts["had_need"] += n
    rows: list[list[Any]] = []
    bars: list[Bar] = []
    for domain in LifeDomain:
        row = by_domain.get(domain.value)
        if row is None:
            continue
        bars.append(Bar(str(domain.label), [row["improved"], row["same"], row["worse"]]))
        n = row["improved"] + row["same"] + row["worse"]
        rows.append(
            [
                str(domain.label),
                row["improved"],
                row["same"],
                row["worse"],
                n,
                share(row["improved"], row["had_need"]),
            ]
        )
    chart = Chart(
        series=[_("need smaller"), _("unchanged"), _("need greater")],
        bars=bars,
    )
    return Figure(
        "need_change",
        _("Change of need per life domain, first to latest assessment"),
        [
            _("Life domain"),
            _("need smaller"),
            _("unchanged"),
            _("need greater"),
            _("cases assessed twice or more"),
            _("smaller among those with a need at first (%)"),
        ],
        rows,
        chart,
        note=_(
            "Need levels: none < some < urgent. Cases with at least two assessments up to "
            "the end of the period."
        ),
    )


def structural_issues(scope: Scope) -> Figure:
    active = scope.active_cases()
    grouped = (
        CaseStructuralIssue.objects.filter(case__in=active, issue__active=True)
        .values("issue_id")
        .annotate(n=Count("case_id", distinct=True))
    )
    counts = {row["issue_id"]: row["n"] for row in grouped}
    issues = StructuralIssue.objects.filter(municipality=scope.municipality, active=True)
    rows: list[list[Any]] = sorted(
        ([issue.title, counts.get(issue.pk, 0)] for issue in issues), key=lambda r: (-r[1], r[0])
    )
    chart = Chart(series=[_("cases")], bars=[Bar(r[0], [r[1]]) for r in rows])
    return Figure(
        "structural_issues",
        _("Structural issues and the cases they affect"),
        [_("Structural issue"), _("cases")],
        rows,
        chart,
    )
