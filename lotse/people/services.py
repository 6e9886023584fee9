"""Every write to persons and households. Each writes its audit entry; reads are recorded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction

from lotse.audit import services as audit
from lotse.audit.events import EventType
from lotse.core.catalogues import InsuranceStatus, Language, LanguageLevel, ResidenceStatus
from lotse.core.concurrency import save_versioned
from lotse.people.models import (
    Household,
    InsuranceStatusRecord,
    Person,
    PersonLanguage,
    ResidenceStatusRecord,
)
from lotse.people.names import name_key, skeleton_words

if TYPE_CHECKING:
    from lotse.accounts.models import User
    from lotse.tenancy.models import Municipality

PERSON_FIELDS = (
    "household",
    "given_name",
    "family_name",
    "name_original",
    "birth_date",
    "birth_date_precision",
    "gender",
    "nationality",
    "country_of_origin",
    "arrival_date",
    "phone",
    "email",
    "interpreter_needed",
    "interpreter_language",
)
HOUSEHOLD_FIELDS = ("name", "street", "postcode", "city", "district")


def _check_editable(changes: dict[str, Any], allowed: Iterable[str]) -> None:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")


@transaction.atomic
def create_household(
    *,
    acting_user: User | None,
    municipality: Municipality,
    name: str,
    first_member: Person | None = None,
    first_member_version: int | None = None,
    **fields: Any,
) -> Household:
    """Create a household, optionally around a person already known (who moves into it).

    Side effects: one row, one audit entry; for ``first_member`` the person update with its
    own audit entry. When ``first_member_version`` is stale (the person changed since it was
    read), a conflict is raised and nothing is created.
    """
    _check_editable(fields, HOUSEHOLD_FIELDS)
    if first_member is not None and first_member.municipality_id != municipality.pk:
        raise ValueError("person of another municipality")
    household = Household(municipality=municipality, name=name, **fields)
    household.full_clean()
    household.save()
    audit.record(
        EventType.HOUSEHOLD_CREATED,
        actor=acting_user,
        municipality=municipality,
        target=household,
        after=audit.snapshot(household, fields=HOUSEHOLD_FIELDS),
    )
    if first_member is not None:
        update_person(
            acting_user=acting_user,
            person=first_member,
            expected_version=(
                first_member.version if first_member_version is None else first_member_version
            ),
            household=household,
        )
    return household


@transaction.atomic
def update_household(
    *, acting_user: User | None, household: Household, expected_version: int, **changes: Any
) -> Household:
    """Change a household if nobody saved it since ``expected_version``.

    Side effects: the update, one audit entry. Raises ConflictError on a stale version.
    """
    _check_editable(changes, HOUSEHOLD_FIELDS)
    before = audit.snapshot(household, fields=HOUSEHOLD_FIELDS)
    candidate = Household(**{**before, **changes, "municipality": household.municipality})
    candidate.full_clean(exclude=["municipality"])
    save_versioned(household, expected_version=expected_version, changes=changes)
    audit.record(
        EventType.HOUSEHOLD_UPDATED,
        actor=acting_user,
        municipality=household.municipality,
        target=household,
        before=before,
        after=audit.snapshot(household, fields=HOUSEHOLD_FIELDS),
    )
    return household


@transaction.atomic
def create_person(
    *,
    acting_user: User | None,
    municipality: Municipality,
    given_name: str,
    family_name: str,
    languages: Iterable[tuple[Language, LanguageLevel]] = (),
    residence_status: ResidenceStatus | None = None,
    insurance_status: InsuranceStatus | None = None,
    **fields: Any,
) -> Person:
    """Create a person, optionally with languages and current statuses.

    Side effects: the Person, its language and status rows, audit entries for each.
    """
    _check_editable(fields, PERSON_FIELDS)
    household = fields.get("household")
    if household is not None and household.municipality_id != municipality.pk:
        raise ValueError("household of another municipality")
    person = Person(
        municipality=municipality, given_name=given_name, family_name=family_name, **fields
    )
    person.full_clean()
    person.save()
    audit.record(
        EventType.PERSON_CREATED,
        actor=acting_user,
        municipality=municipality,
        target=person,
        after=audit.snapshot(person, fields=PERSON_FIELDS),
    )
    languages = list(languages)
    if languages:
        set_person_languages(acting_user=acting_user, person=person, languages=languages)
    today = dt.date.today()  # noqa: DTZ011
    if residence_status:
        set_residence_status(
            acting_user=acting_user, person=person, status=residence_status, valid_from=today
        )
    if insurance_status:
        set_insurance_status(
            acting_user=acting_user, person=person, status=insurance_status, valid_from=today
        )
    return person


@transaction.atomic
def update_person(
    *, acting_user: User | None, person: Person, expected_version: int, **changes: Any
) -> Person:
    """Change a person if nobody saved it since ``expected_version``.

    Side effects: the update, one audit entry. Raises ValidationError on bad values and
    ConflictError on a stale version; in both cases nothing is written.
    """
    _check_editable(changes, PERSON_FIELDS)
    before = audit.snapshot(person, fields=PERSON_FIELDS)
    household = changes.get("household")
    if household is not None and household.municipality_id != person.municipality_id:
        raise ValueError("household of another municipality")
    candidate = Person.objects.get(pk=person.pk)
    for name, value in changes.items():
        setattr(candidate, name, value)
    candidate.full_clean()
    changes = {**changes}
    if {"given_name", "family_name", "name_original"} & set(changes):
        changes["given_key"] = candidate.given_key = name_key(candidate.given_name)
        changes["family_key"] = candidate.family_key = name_key(candidate.family_name)
        changes["name_skeleton"] = skeleton_words(
            candidate.given_name, candidate.family_name, candidate.name_original
        )[:800]
    save_versioned(person, expected_version=expected_version, changes=changes)
    audit.record(
        EventType.PERSON_UPDATED,
        actor=acting_user,
        municipality=person.municipality,
        target=person,
        before=before,
        after=audit.snapshot(person, fields=PERSON_FIELDS),
    )
    return person


@transaction.atomic
def set_person_languages(
    *,
    acting_user: User | None,
    person: Person,
    languages: Iterable[tuple[Language, LanguageLevel]],
) -> list[PersonLanguage]:
    """Replace the languages of a person. Side effects: rows replaced, one audit entry."""
    before = sorted(f"{row.language}:{row.level}" for row in person.languages.all())
    person.languages.all().delete()
    rows = []
    for language, level in languages:
        row = PersonLanguage(person=person, language=language, level=level)
        row.full_clean()
        row.save()
        rows.append(row)
    audit.record(
        EventType.PERSON_LANGUAGES_SET,
        actor=acting_user,
        municipality=person.municipality,
        target=person,
        before={"languages": before},
        after={"languages": sorted(f"{row.language}:{row.level}" for row in rows)},
    )
    return rows


def _close_open_record(history: Any, valid_from: dt.date) -> None:
    for record in history.filter(valid_until__isnull=True):
        record.valid_until = max(record.valid_from, valid_from - dt.timedelta(days=1))
        record.save(update_fields=["valid_until"])


def _record_status(
    record: ResidenceStatusRecord | InsuranceStatusRecord,
    *,
    acting_user: User | None,
    history: Any,
    event: EventType,
    detail_field: str,
) -> None:
    """Close the open record of a history, save the new one, audit it."""
    person = record.person
    record.recorded_by = acting_user if acting_user and acting_user.is_authenticated else None
    record.full_clean()
    _close_open_record(history, record.valid_from)
    record.save()
    audit.record(
        event,
        actor=acting_user,
        municipality=person.municipality,
        target=person,
        after=audit.snapshot(record, fields=("status", detail_field, "valid_from", "valid_until")),
    )


@transaction.atomic
def set_residence_status(
    *,
    acting_user: User | None,
    person: Person,
    status: ResidenceStatus | str,
    valid_from: dt.date,
    valid_until: dt.date | None = None,
    legal_basis: str = "",
) -> ResidenceStatusRecord:
    """Record a new residence status; the previous open one ends the day before.

    Side effects: a new history row, the old one closed, one audit entry.
    """
    record = ResidenceStatusRecord(
        person=person,
        status=status,
        legal_basis=legal_basis,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    _record_status(
        record,
        acting_user=acting_user,
        history=person.residence_history,
        event=EventType.RESIDENCE_STATUS_SET,
        detail_field="legal_basis",
    )
    return record


@transaction.atomic
def set_insurance_status(
    *,
    acting_user: User | None,
    person: Person,
    status: InsuranceStatus | str,
    valid_from: dt.date,
    valid_until: dt.date | None = None,
    insurer: str = "",
) -> InsuranceStatusRecord:
    """Record a new health-insurance status; the previous open one ends the day before.

    Side effects: a new history row, the old one closed, one audit entry.
    """
    record = InsuranceStatusRecord(
        person=person,
        status=status,
        insurer=insurer,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    _record_status(
        record,
        acting_user=acting_user,
        history=person.insurance_history,
        event=EventType.INSURANCE_STATUS_SET,
        detail_field="insurer",
    )
    return record


@transaction.atomic
def record_person_viewed(*, acting_user: User, person: Person, context: str) -> None:
    """Note that a user opened a person's record (SGB X, GDPR Art. 9).

    Side effects: one audit entry of type PERSON_VIEWED.
    """
    audit.record(
        EventType.PERSON_VIEWED,
        actor=acting_user,
        municipality=person.municipality,
        target=person,
        context={"via": context},
    )
