"""Which consents hold today, and what they cover. Every read that shares a person's data with
another organisation asks here, at the moment of the request (nothing is cached)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.consents.models import Consent
from lotse.core.access import get_scoped, permitted_municipality_id
from lotse.core.catalogues import category_labels, ordered_categories


def today() -> dt.date:
    return timezone.localdate()


def valid_q(prefix: str = "", on: dt.date | None = None) -> Q:
    """Consents in force on a day: given, not expired, not withdrawn."""
    day = on or today()
    return Q(**{f"{prefix}withdrawn_at__isnull": True, f"{prefix}given_on__lte": day}) & (
        Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gte": day})
    )


def consents_for(user: Any) -> QuerySet[Consent]:
    municipality_id = permitted_municipality_id(user, "consents.list_consent")
    if municipality_id is None:
        return Consent.objects.none()
    return Consent.objects.filter(municipality_id=municipality_id).select_related(
        "organisation", "recorded_by", "withdrawn_by"
    )


def get_consent_for(user: Any, pk: Any) -> Consent:
    return get_scoped(
        consents_for(user).select_related("person"), user, pk, "consents.view_consent"
    )


def covered_categories(
    person_ids: Iterable[Any], organisation_id: Any, *, on: dt.date | None = None
) -> dict[Any, set[str]]:
    """Per person, the data categories that valid consents for the organisation cover."""
    covered: dict[Any, set[str]] = {pk: set() for pk in person_ids}
    rows = Consent.objects.filter(
        valid_q(on=on), person_id__in=list(covered), organisation_id=organisation_id
    ).values_list("person_id", "categories")
    for person_id, categories in rows:
        covered[person_id].update(categories)
    return covered


@dataclass(frozen=True)
class MissingConsent:
    person: Any
    categories: list[str]

    @property
    def labels(self) -> list[str]:
        return category_labels(self.categories)


def missing_consent(
    persons: Iterable[Any], organisation: Any, categories: Iterable[str]
) -> list[MissingConsent]:
    """What is not covered today: per person, the requested categories without consent."""
    persons = list(persons)
    wanted = ordered_categories(categories)
    covered = covered_categories([p.pk for p in persons], organisation.pk)
    missing = []
    for person in persons:
        lacking = [code for code in wanted if code not in covered[person.pk]]
        if lacking:
            missing.append(MissingConsent(person=person, categories=lacking))
    return missing


def describe_missing(missing: list[MissingConsent], organisation: Any) -> str:
    """A sentence per person saying exactly which consent is missing."""
    return " ".join(
        _("%(person)s has no valid consent for %(organisation)s covering: %(categories)s.")
        % {
            "person": entry.person,
            "organisation": organisation,
            "categories": ", ".join(entry.labels),
        }
        for entry in missing
    )
