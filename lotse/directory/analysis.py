"""Gaps and overlaps in the service landscape of one municipality: demand from the cases
against supply from the directory. Read-only; callers check ``directory.view_analysis``.

Definitions (docs/decisions/0011-service-landscape.md):

- **Demand** counts open cases by the needs ("some", "urgent") of their latest assessment.
  A case counts once in each first language and age band of its persons; its district is
  the district of its household (or of its person's household).
- **In reach** of a district is a service with a site in that district; a service without a
  site (telephone, outreach) is in reach everywhere. Only services valid today count.
- **Gap**: a (life domain, district, first language) with demand and no service in reach
  that offers the domain in that language ("no offer"), or only services whose waiting time
  exceeds ``LONG_WAIT_DAYS`` ("long wait"); also a life domain for which at least
  ``DECLINED_LIMIT`` referrals in the period were declined for lack of capacity or
  responsibility ("declined").
- **Overlap**: two or more services that share a district, a life domain, a target group and
  a language. Services that overlap in several of these form one row that lists them all.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Case as SqlCase
from django.db.models import CharField, Count, OuterRef, Q, Subquery, Value, When
from django.utils import timezone

from lotse.cases.enums import GoalStatus, Phase
from lotse.cases.models import Assessment, AssessmentItem, Case, Goal
from lotse.core.catalogues import LanguageLevel, LifeDomain, NeedLevel
from lotse.directory.models import Service
from lotse.referrals.enums import DeclineReason, ReferralStatus
from lotse.referrals.models import Referral
from lotse.tenancy.enums import HoursKind
from lotse.tenancy.models import Municipality

LONG_WAIT_DAYS = 28
DECLINED_LIMIT = 3
NO_DISTRICT = ""
NO_LANGUAGE = ""

# Age bands (first and last year of age, inclusive), chosen along the services' usual
# limits: children 6–12, young people 12–27, adults from 27, seniors from 60.
AGE_BANDS: dict[str, tuple[int, int | None]] = {
    "0-5": (0, 5),
    "6-11": (6, 11),
    "12-17": (12, 17),
    "18-26": (18, 26),
    "27-59": (27, 59),
    "60+": (60, None),
}
UNKNOWN_AGE = "unknown"


@dataclass(frozen=True)
class Filters:
    district: str = ""
    life_domain: str = ""
    language: str = ""
    age_band: str = ""
    target_group: str = ""
    since: dt.date | None = None
    until: dt.date | None = None


@dataclass
class Need:
    some: int = 0
    urgent: int = 0

    @property
    def total(self) -> int:
        return self.some + self.urgent

    def add(self, level: str) -> None:
        if level == NeedLevel.URGENT:
            self.urgent += 1
        else:
            self.some += 1


@dataclass(frozen=True)
class Offer:
    """A service as the analysis sees it."""

    id: str
    name: str
    organisation: str
    life_domains: frozenset[str]
    target_groups: frozenset[str]
    languages: frozenset[str]
    districts: frozenset[str]  # empty: in reach everywhere
    age_min: int | None
    age_max: int | None
    capacity: int | None
    waiting_days: int | None
    office_minutes: int  # open office hours per week, over all sites

    def reaches(self, district: str) -> bool:
        return not self.districts or district in self.districts

    def fits_age(self, band: str) -> bool:
        if band not in AGE_BANDS:
            return True
        low, high = AGE_BANDS[band]
        return (self.age_max is None or self.age_max >= low) and (
            self.age_min is None or high is None or self.age_min <= high
        )


@dataclass(frozen=True)
class Gap:
    kind: str  # "no_offer", "long_wait", "declined"
    life_domain: str
    district: str
    language: str
    urgent: int
    some: int
    offers: tuple[str, ...] = ()
    declined: int = 0


@dataclass(frozen=True)
class Overlap:
    district: str
    services: tuple[Offer, ...]
    life_domains: tuple[str, ...]
    target_groups: tuple[str, ...]
    languages: tuple[str, ...]
    referrals: int  # referrals in the period to the organisations of these services


@dataclass(frozen=True)
class Declined:
    life_domain: str
    organisation: str
    reason: str
    count: int


@dataclass
class Analysis:
    filters: Filters
    districts: list[str]
    need_by_place: dict[tuple[str, str], Need] = field(default_factory=dict)
    need_by_language: dict[tuple[str, str], Need] = field(default_factory=dict)
    need_by_age: dict[tuple[str, str], Need] = field(default_factory=dict)
    need_by_domain: dict[str, Need] = field(default_factory=dict)
    offers: list[Offer] = field(default_factory=list)
    supply_by_place: dict[tuple[str, str], int] = field(default_factory=dict)
    declined: list[Declined] = field(default_factory=list)
    goals_not_reached: dict[str, int] = field(default_factory=dict)
    gaps: list[Gap] = field(default_factory=list)
    overlaps: list[Overlap] = field(default_factory=list)


def _age_band_expression(today: dt.date, prefix: str) -> SqlCase:
    """SQL that puts a birth date into an age band (the date's precision is ignored)."""

    def born_before(years: int) -> dt.date:
        try:
            return today.replace(year=today.year - years)
        except ValueError:  # 29 February
            return today.replace(year=today.year - years, day=28)

    whens = []
    for label, (_low, high) in AGE_BANDS.items():
        if high is None:
            whens.append(When(**{f"{prefix}__isnull": False}, then=Value(label)))
        else:
            # Age <= high  <=>  born after the day ``high + 1`` years ago.
            whens.append(When(**{f"{prefix}__gt": born_before(high + 1)}, then=Value(label)))
    return SqlCase(*whens, default=Value(UNKNOWN_AGE), output_field=CharField())


def _case_attributes(
    cases: Iterable[tuple[object, ...]], municipality: Municipality, today: dt.date
) -> tuple[dict[object, str], dict[object, set[str]], dict[object, set[str]]]:
    """District, first languages and age bands of the open cases."""
    district: dict[object, str] = {}
    for case_id, own, via_person in cases:
        district[case_id] = str(own or via_person or NO_DISTRICT)
    open_cases = Case.objects.filter(municipality=municipality).exclude(phase=Phase.CLOSED)
    languages: dict[object, set[str]] = defaultdict(set)
    ages: dict[object, set[str]] = defaultdict(set)
    for members in ("household__members", "person"):
        native = Q(**{f"{members}__languages__level": LanguageLevel.NATIVE})
        rows = (
            open_cases.filter(native)
            .values_list("id", f"{members}__languages__language")
            .distinct()
            .order_by()
        )
        for case_id, language in rows:
            languages[case_id].add(language)
        bands = (
            open_cases.filter(**{f"{members}__isnull": False})
            .annotate(band=_age_band_expression(today, f"{members}__birth_date"))
            .values_list("id", "band")
            .distinct()
            .order_by()
        )
        for case_id, band in bands:
            ages[case_id].add(band)
    return district, languages, ages


def _offers(municipality: Municipality, today: dt.date, filters: Filters) -> list[Offer]:
    services = (
        Service.objects.filter(municipality=municipality)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .select_related("organisation")
        .prefetch_related("sites__hours")
        .order_by("name")
    )
    offers = []
    for service in services:
        sites = list(service.sites.all())
        minutes = sum(
            (h.closes.hour * 60 + h.closes.minute) - (h.opens.hour * 60 + h.opens.minute)
            for site in sites
            for h in site.hours.all()
            if h.kind == HoursKind.OFFICE_HOURS
        )
        offer = Offer(
            id=str(service.pk),
            name=service.name,
            organisation=service.organisation.name,
            life_domains=frozenset(service.life_domains),
            target_groups=frozenset(service.target_groups or ["everyone"]),
            languages=frozenset(service.languages),
            districts=frozenset(site.district for site in sites),
            age_min=service.age_min,
            age_max=service.age_max,
            capacity=service.capacity,
            waiting_days=service.waiting_days,
            office_minutes=minutes,
        )
        if filters.target_group and filters.target_group not in offer.target_groups:
            continue
        if filters.age_band and not offer.fits_age(filters.age_band):
            continue
        offers.append(offer)
    return offers


def _demand(
    analysis: Analysis, municipality: Municipality, today: dt.date
) -> dict[tuple[str, str, str], Need]:
    """Fill the demand tables; returns demand by (life domain, district, language)."""
    filters = analysis.filters
    latest = Subquery(
        Assessment.objects.filter(case_id=OuterRef("assessment__case_id"))
        .order_by("-assessed_on", "-created_at", "-id")
        .values("id")[:1]
    )
    items = AssessmentItem.objects.filter(
        assessment__case__municipality=municipality,
        need__in=[NeedLevel.SOME, NeedLevel.URGENT],
        assessment_id=latest,
    ).exclude(assessment__case__phase=Phase.CLOSED)
    if filters.life_domain:
        items = items.filter(life_domain=filters.life_domain)
    cases = (
        Case.objects.filter(municipality=municipality)
        .exclude(phase=Phase.CLOSED)
        .values_list("id", "household__district", "person__household__district")
    )
    district_of, languages_of, ages_of = _case_attributes(cases, municipality, today)
    by_key: dict[tuple[str, str, str], Need] = defaultdict(Need)
    for case_id, domain, level in items.values_list(
        "assessment__case_id", "life_domain", "need"
    ).order_by():
        district = district_of.get(case_id, NO_DISTRICT)
        if filters.district and district != filters.district:
            continue
        languages = languages_of.get(case_id) or {NO_LANGUAGE}
        if filters.language and filters.language not in languages:
            continue
        bands = ages_of.get(case_id) or {UNKNOWN_AGE}
        if filters.age_band and filters.age_band not in bands:
            continue
        analysis.need_by_place.setdefault((domain, district), Need()).add(level)
        analysis.need_by_domain.setdefault(domain, Need()).add(level)
        for language in languages:
            if filters.language and language != filters.language:
                continue
            analysis.need_by_language.setdefault((domain, language), Need()).add(level)
            by_key[(domain, district, language)].add(level)
        for band in bands:
            if filters.age_band and band != filters.age_band:
                continue
            analysis.need_by_age.setdefault((domain, band), Need()).add(level)
    return by_key


def _period(filters: Filters, today: dt.date) -> tuple[dt.date, dt.date]:
    until = filters.until or today
    since = filters.since or until - dt.timedelta(days=365)
    return since, until


def _referral_figures(
    analysis: Analysis, municipality: Municipality, since: dt.date, until: dt.date
) -> dict[str, int]:
    """Declined referrals by domain and organisation; returns referrals per organisation."""
    zone = municipality.zone
    start = dt.datetime.combine(since, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    referrals = Referral.objects.filter(municipality=municipality)
    declined = referrals.filter(
        status=ReferralStatus.DECLINED,
        decline_reason__in=[DeclineReason.NO_CAPACITY, DeclineReason.NOT_RESPONSIBLE],
        answered_at__gte=start,
        answered_at__lt=end,
    )
    if analysis.filters.life_domain:
        declined = declined.filter(life_domain=analysis.filters.life_domain)
    if analysis.filters.district:
        district = analysis.filters.district
        declined = declined.filter(
            Q(case__household__district=district) | Q(case__person__household__district=district)
        )
    analysis.declined = [
        Declined(row["life_domain"], row["organisation__name"], row["decline_reason"], row["n"])
        for row in declined.values("life_domain", "organisation__name", "decline_reason")
        .annotate(n=Count("id"))
        .order_by("-n", "life_domain", "organisation__name")
    ]
    sent = referrals.filter(sent_at__gte=start, sent_at__lt=end)
    return dict(sent.values_list("organisation__name").annotate(n=Count("id")).order_by())


def _goals_not_reached(
    analysis: Analysis, municipality: Municipality, since: dt.date, until: dt.date
) -> None:
    goals = Goal.objects.filter(
        case__municipality=municipality,
        status=GoalStatus.NOT_REACHED,
        target_date__gte=since,
        target_date__lte=until,
    )
    if analysis.filters.life_domain:
        goals = goals.filter(life_domain=analysis.filters.life_domain)
    analysis.goals_not_reached = dict(
        goals.values_list("life_domain").annotate(n=Count("id")).order_by()
    )


def _gaps(analysis: Analysis, demand: dict[tuple[str, str, str], Need]) -> list[Gap]:
    gaps = []
    for (domain, district, language), need in demand.items():
        if not language:
            continue  # nobody recorded a first language: no language to miss
        offers = [
            o
            for o in analysis.offers
            if domain in o.life_domains and language in o.languages and o.reaches(district)
        ]
        if not offers:
            gaps.append(Gap("no_offer", domain, district, language, need.urgent, need.some))
        elif all((o.waiting_days or 0) > LONG_WAIT_DAYS for o in offers):
            names = tuple(o.name for o in offers)
            gaps.append(Gap("long_wait", domain, district, language, need.urgent, need.some, names))
    declined_by_domain: dict[str, int] = defaultdict(int)
    for row in analysis.declined:
        declined_by_domain[row.life_domain] += row.count
    for domain, count in declined_by_domain.items():
        if domain and count >= DECLINED_LIMIT:
            gaps.append(Gap("declined", domain, "", "", 0, 0, declined=count))
    order = {"no_offer": 0, "long_wait": 1, "declined": 2}
    return sorted(
        gaps,
        key=lambda g: (-g.urgent, -g.some, -g.declined, order[g.kind], g.life_domain, g.district),
    )


def _overlaps(analysis: Analysis, referrals_by_organisation: dict[str, int]) -> list[Overlap]:
    filters = analysis.filters
    cells: dict[tuple[str, str, str, str], list[Offer]] = defaultdict(list)
    for offer in analysis.offers:
        for district in offer.districts:  # services without a site are not placed anywhere
            for domain in offer.life_domains:
                for group in offer.target_groups:
                    for language in offer.languages:
                        cells[(district, domain, group, language)].append(offer)
    groups: dict[tuple[str, tuple[str, ...]], dict[str, set[str]]] = {}
    for (district, domain, group, language), offers in cells.items():
        if len(offers) < 2:
            continue
        if filters.district and district != filters.district:
            continue
        if filters.life_domain and domain != filters.life_domain:
            continue
        if filters.language and language != filters.language:
            continue
        key = (district, tuple(sorted(o.id for o in offers)))
        entry = groups.setdefault(key, {"domains": set(), "groups": set(), "languages": set()})
        entry["domains"].add(domain)
        entry["groups"].add(group)
        entry["languages"].add(language)
    by_id = {o.id: o for o in analysis.offers}
    overlaps = []
    for (district, ids), entry in groups.items():
        members = tuple(by_id[i] for i in ids)
        organisations = {o.organisation for o in members}
        overlaps.append(
            Overlap(
                district=district,
                services=tuple(sorted(members, key=lambda o: o.name)),
                life_domains=tuple(d for d in LifeDomain.values if d in entry["domains"]),
                target_groups=tuple(sorted(entry["groups"])),
                languages=tuple(sorted(entry["languages"])),
                referrals=sum(referrals_by_organisation.get(name, 0) for name in organisations),
            )
        )
    return sorted(
        overlaps,
        key=lambda o: (-len(o.services), -len(o.life_domains), o.district, o.services[0].name),
    )


def analyse(municipality: Municipality, filters: Filters | None = None) -> Analysis:
    """Demand, supply, gaps and overlaps of one municipality, as of today."""
    filters = filters or Filters()
    today = timezone.localdate()
    analysis = Analysis(filters=filters, districts=[])
    demand = _demand(analysis, municipality, today)
    analysis.offers = _offers(municipality, today, filters)
    if filters.language:
        analysis.offers = [o for o in analysis.offers if filters.language in o.languages]
    if filters.district:
        analysis.offers = [o for o in analysis.offers if o.reaches(filters.district)]
    since, until = _period(filters, today)
    referrals_by_organisation = _referral_figures(analysis, municipality, since, until)
    _goals_not_reached(analysis, municipality, since, until)
    districts = {d for (_domain, d) in analysis.need_by_place} | {
        d for o in analysis.offers for d in o.districts
    }
    if filters.district:
        districts &= {filters.district}
    analysis.districts = sorted(d for d in districts if d)
    for offer in analysis.offers:
        for domain in offer.life_domains:
            if filters.life_domain and domain != filters.life_domain:
                continue
            for district in analysis.districts:
                if offer.reaches(district):
                    key = (domain, district)
                    analysis.supply_by_place[key] = analysis.supply_by_place.get(key, 0) + 1
    analysis.gaps = _gaps(analysis, demand)
    analysis.overlaps = _overlaps(analysis, referrals_by_organisation)
    return analysis
