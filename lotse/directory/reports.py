"""The analysis as tables with German headers: the same rows feed the page, the CSV and the
XLSX download, so what people see is what they download."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotse.core.catalogues import LifeDomain
from lotse.directory.analysis import AGE_BANDS, UNKNOWN_AGE, Analysis, Need
from lotse.directory.models import LANGUAGES, LIFE_DOMAINS, TARGET_GROUPS
from lotse.referrals.enums import DeclineReason


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    header: list[str]
    rows: list[list[Any]]


@lru_cache(maxsize=16)
def _labels(language: str | None) -> dict[str, dict[str, str]]:
    """The catalogues' labels in one language, translated once (tables use thousands)."""
    with translation.override(language):
        return {
            "domain": {code: str(label) for code, label in LIFE_DOMAINS.items()},
            "language": {code: str(label) for code, label in LANGUAGES.items()},
            "group": {code: str(label) for code, label in TARGET_GROUPS.items()},
        }


def domain_label(code: str) -> str:
    return _labels(translation.get_language())["domain"].get(code) or code or "—"


def language_label(code: str) -> str:
    labels = _labels(translation.get_language())["language"]
    return labels.get(code) or code or _("not recorded")


def group_label(code: str) -> str:
    return _labels(translation.get_language())["group"].get(code) or code


def band_label(code: str) -> str:
    return _("age unknown") if code == UNKNOWN_AGE else code.replace("-", "–")


def _ages(low: int | None, high: int | None) -> str:
    if low is None and high is None:
        return _("all ages")
    if high is None:
        return _("from %(low)s") % {"low": low}
    return f"{low or 0}–{high}"


GAP_KINDS = {
    "no_offer": gettext_lazy("No offer in reach"),
    "long_wait": gettext_lazy("Only offers with long waiting times"),
    "declined": gettext_lazy("Referrals declined again and again"),
}


def gaps(analysis: Analysis) -> Table:
    rows = [
        [
            str(GAP_KINDS[g.kind]),
            domain_label(g.life_domain),
            g.district or "—",
            language_label(g.language) if g.language else "—",
            g.urgent,
            g.some,
            g.declined,
            ", ".join(g.offers),
        ]
        for g in analysis.gaps
    ]
    header = [
        _("Kind of gap"),
        _("Life domain"),
        _("District"),
        _("First language"),
        _("Cases with urgent need"),
        _("Cases with some need"),
        _("Declined referrals"),
        _("Offers in reach"),
    ]
    return Table("gaps", _("Gaps"), header, rows)


def overlaps(analysis: Analysis) -> Table:
    rows = []
    for overlap in analysis.overlaps:
        rows.append(
            [
                overlap.district,
                " | ".join(o.name for o in overlap.services),
                " | ".join(sorted({o.organisation for o in overlap.services})),
                ", ".join(domain_label(d) for d in overlap.life_domains),
                ", ".join(group_label(g) for g in overlap.target_groups),
                ", ".join(language_label(lang) for lang in overlap.languages),
                sum(o.capacity or 0 for o in overlap.services),
                " | ".join(
                    "—" if o.waiting_days is None else str(o.waiting_days) for o in overlap.services
                ),
                overlap.referrals,
            ]
        )
    header = [
        _("District"),
        _("Services"),
        _("Organisations"),
        _("Shared life domains"),
        _("Shared target groups"),
        _("Shared languages"),
        _("Capacity together (persons per month)"),
        _("Waiting times in days"),
        _("Referrals to these organisations in the period"),
    ]
    return Table("overlaps", _("Overlaps"), header, rows)


def heat_map(analysis: Analysis) -> Table:
    """Life domain × district: cases with need and services in reach."""
    header = [_("Life domain")]
    for district in analysis.districts:
        header += [
            _("%(district)s: cases with need") % {"district": district},
            _("%(district)s: offers") % {"district": district},
        ]
    rows = []
    for domain in LifeDomain.values:
        if analysis.filters.life_domain and domain != analysis.filters.life_domain:
            continue
        row: list[Any] = [domain_label(domain)]
        for district in analysis.districts:
            need = analysis.need_by_place.get((domain, district), Need())
            row += [need.total, analysis.supply_by_place.get((domain, district), 0)]
        rows.append(row)
    return Table("heat_map", _("Need and offers by life domain and district"), header, rows)


def _need_rows(data: dict[tuple[str, str], Need], label: Callable[[str], str]) -> list[list[Any]]:
    return [
        [domain_label(domain), label(key), need.urgent, need.some]
        for (domain, key), need in sorted(
            data.items(), key=lambda item: (-item[1].total, item[0][0], item[0][1])
        )
    ]


def demand_by_language(analysis: Analysis) -> Table:
    header = [_("Life domain"), _("First language"), _("Urgent"), _("Some need")]
    return Table(
        "languages",
        _("Need by first language"),
        header,
        _need_rows(analysis.need_by_language, language_label),
    )


def demand_by_age(analysis: Analysis) -> Table:
    order = list(AGE_BANDS)
    data = dict(
        sorted(
            analysis.need_by_age.items(),
            key=lambda item: (item[0][0], order.index(item[0][1]) if item[0][1] in order else 99),
        )
    )
    rows = [
        [domain_label(domain), band_label(band), need.urgent, need.some]
        for (domain, band), need in data.items()
    ]
    header = [_("Life domain"), _("Age"), _("Urgent"), _("Some need")]
    return Table("ages", _("Need by age"), header, rows)


def supply(analysis: Analysis) -> Table:
    rows = [
        [
            offer.name,
            offer.organisation,
            ", ".join(domain_label(d) for d in LifeDomain.values if d in offer.life_domains),
            ", ".join(language_label(lang) for lang in sorted(offer.languages)),
            ", ".join(sorted(offer.districts)) or _("everywhere (no site)"),
            _ages(offer.age_min, offer.age_max),
            ", ".join(group_label(g) for g in sorted(offer.target_groups)),
            round(offer.office_minutes / 60, 1),
            offer.waiting_days,
            offer.capacity,
        ]
        for offer in analysis.offers
    ]
    header = [
        _("Service"),
        _("Organisation"),
        _("Life domains"),
        _("Languages"),
        _("Districts"),
        _("Ages"),
        _("Target groups"),
        _("Office hours per week"),
        _("Waiting time in days"),
        _("Capacity (persons per month)"),
    ]
    return Table("supply", _("Offers"), header, rows)


def declined(analysis: Analysis) -> Table:
    rows = [
        [
            domain_label(row.life_domain),
            row.organisation,
            str(DeclineReason(row.reason).label),
            row.count,
        ]
        for row in analysis.declined
    ]
    header = [_("Life domain"), _("Organisation"), _("Reason"), _("Declined referrals")]
    return Table("declined", _("Declined referrals"), header, rows)


def goals(analysis: Analysis) -> Table:
    rows = [
        [domain_label(domain), count]
        for domain, count in sorted(analysis.goals_not_reached.items(), key=lambda i: -i[1])
    ]
    return Table("goals", _("Goals not reached"), [_("Life domain"), _("Goals not reached")], rows)


TABLES: dict[str, Callable[[Analysis], Table]] = {
    "gaps": gaps,
    "overlaps": overlaps,
    "heat_map": heat_map,
    "languages": demand_by_language,
    "ages": demand_by_age,
    "supply": supply,
    "declined": declined,
    "goals": goals,
}
