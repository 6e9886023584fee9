"""The receiving organisation's referrals as a table: one row per referred person, with only
what the shared summary shows (the same query-layer rule as the pages and the API)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.utils.translation import gettext as _

from lotse.referrals.models import Referral
from lotse.referrals.queries import shared_summary


def header() -> list[str]:
    return [
        _("Case number"),
        _("Sent"),
        _("Status"),
        _("Urgency"),
        _("Service or contact point"),
        _("Question"),
        _("Given name"),
        _("Family name"),
        _("Date of birth"),
        _("Phone"),
        _("Residence status"),
        _("Health insurance"),
        _("Data shared"),
    ]


def rows(referrals: Iterable[Referral]) -> Iterator[list[Any]]:
    not_shared = _("not shared")
    for referral in referrals:
        base = [
            referral.case.reference,
            referral.sent_at,
            referral.get_status_display(),
            referral.get_urgency_display(),
            referral.service,
            referral.question,
        ]
        summaries = shared_summary(referral)
        if not summaries:
            yield [*base, *([not_shared] * 6), _("no valid consent")]
            continue
        for summary in summaries:
            person = summary.person
            yield [
                *base,
                person.given_name,
                person.family_name,
                person.birth_date_display,
                person.phone,
                summary.residence.get_status_display()
                if summary.residence
                else ("" if summary.shows("residence") else not_shared),
                summary.insurance.get_status_display()
                if summary.insurance
                else ("" if summary.shows("health") else not_shared),
                ", ".join(summary.category_labels),
            ]
