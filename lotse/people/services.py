"""Every write to persons and households. Each writes its audit entry; reads are recorded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lotse.audit import services as audit
from lotse.audit.events import EventType
from lotse.cases.services import record_persons_merged
from lotse.core.catalogues import InsuranceStatus, Language, LanguageLevel, ResidenceStatus
from lotse.core.concurrency import save_versioned
from lotse.people import duplicates, loading, merge_rows
from lotse.people.enums import PairStatus
from lotse.people.models import (
    DuplicatePair,
    Household,
    InsuranceStatusRecord,
    Person,
    PersonLanguage,
    ResidenceStatusRecord,
    person_skeleton,
)
from lotse.people.names import name_key
from lotse.people.validators import clean_birth_date

OTHER_NAMES_MAX = Person._meta.get_field("other_names").max_length or 300

if TYPE_CHECKING:
    from lotse.accounts.models import User
    from lotse.tenancy.models import Municipality

PERSON_FIELDS = (
    "household",
    "given_name",
    "family_name",
    "name_original",
    "other_names",
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
    _check_birth_date(fields.get("birth_date"))
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


def _check_birth_date(value: dt.date | None) -> None:
    """A date of birth given or changed must be one the forms take (``clean_birth_date``).
    Not a check of the model: a record saved before the rule (a year 1087 typed for 1987)
    stays editable, and mergeable, until somebody corrects its date."""
    if value is not None:
        try:
            clean_birth_date(value)
        except ValidationError as error:
            raise ValidationError({"birth_date": error.error_list}) from error


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
    if changes.get("birth_date", candidate.birth_date) != candidate.birth_date:
        _check_birth_date(changes["birth_date"])
    for name, value in changes.items():
        setattr(candidate, name, value)
    candidate.full_clean()
    changes = {**changes}
    if {"given_name", "family_name", "name_original", "other_names"} & set(changes):
        changes["given_key"] = candidate.given_key = name_key(candidate.given_name)
        changes["family_key"] = candidate.family_key = name_key(candidate.family_name)
        changes["name_skeleton"] = person_skeleton(
            candidate.given_name,
            candidate.family_name,
            candidate.name_original,
            candidate.other_names,
        )
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


def record_persons_listed(
    *,
    acting_user: User,
    municipality: Municipality,
    person_ids: Iterable[Any],
    via: str,
    listing: str,
) -> None:
    """Note which persons a list, a search, the duplicate queue or a duplicate warning
    showed a user (``listing``), one entry per request with their ids; nothing when it
    showed none. What was typed is not kept: the ids say whom the user saw.

    Side effects: at most one audit entry of type PERSONS_LISTED.
    """
    ids = list(dict.fromkeys(str(pk) for pk in person_ids))
    if not ids:  # not even a savepoint
        return
    with transaction.atomic():
        audit.record(
            EventType.PERSONS_LISTED,
            actor=acting_user,
            municipality=municipality,
            context={"via": via, "listing": listing, "persons": ids},
        )


# --- Duplicates: detection, review, merge ---------------------------------------------------


@dataclass(frozen=True)
class DetectionSummary:
    persons: int
    compared: int
    found: int  # pairs over the threshold
    new: int  # of them, not known before (rejected pairs are never proposed again)


def detect_duplicates(
    *,
    acting_user: User | None,
    municipality: Municipality,
    progress: Callable[[int, int], None] | None = None,
) -> DetectionSummary:
    """Look for duplicate persons in a municipality and queue the new pairs for review.

    Side effects: new ``DuplicatePair`` rows (pairs already known, open, merged or
    rejected, stay as they are), one audit entry with the figures. The reading and
    comparing runs outside the transaction; only the writing is one.
    """
    pks, records, persons = loading.load_people(municipality.pk)
    detection = duplicates.find_person_pairs(records, persons, progress=progress)
    found = duplicates.person_pairs(pks, detection, persons)
    with transaction.atomic():
        queued = set(
            DuplicatePair.objects.filter(municipality=municipality).values_list(
                "first_id", "second_id"
            )
        )
        new = [
            DuplicatePair(
                municipality=municipality,
                first_id=first,
                second_id=second,
                score=round(evidence.score, 4),
                evidence=evidence.codes,
            )
            for (first, second), evidence in found.items()
            if (first, second) not in queued
        ]
        DuplicatePair.objects.bulk_create(new, batch_size=2000, ignore_conflicts=True)
        summary = DetectionSummary(persons, detection.compared, len(found), len(new))
        audit.record(
            EventType.DUPLICATES_DETECTED,
            actor=acting_user,
            municipality=municipality,
            context=asdict(summary),
        )
    return summary


# Fields whose value the reviewer picks from either record when merging.
# The other names are not picked: the survivor keeps both records' (see merged_names).
MERGE_FIELDS = (
    *(name for name in PERSON_FIELDS if name not in ("household", "other_names")),
    "household",
)


@transaction.atomic
def merge_persons(
    *,
    acting_user: User,
    survivor: Person,
    other: Person,
    take_from_other: Iterable[str] = (),
    expected_versions: tuple[int, int] | None = None,
) -> Person:
    """Merge ``other`` into ``survivor``: the survivor keeps its record and, for the fields
    named in ``take_from_other``, the other's value. Everything of the other person moves
    over: cases (with their contacts), consents, referrals, walk-ins, languages, status
    histories, and its source ids (so both systems' ids stay known). Then the other record
    is deleted.

    ``expected_versions``: the versions of survivor and other as the reviewer saw them; a
    merge of records changed since raises ``MergeConflictError``, as does one whose other
    record is gone (merged or deleted meanwhile). A pair of the other record rejected by a
    reviewer stays rejected for the survivor, a confirmed or open one stays in the queue
    (``merge_rows.keep_pairs``).

    Side effects: the survivor's update (its own audit entry), the moved rows, an entry in
    the history of every case of the survivor, one audit entry PERSONS_MERGED with the
    changes of the survivor, the merged record as it was and the persons whose rejected
    pair with it the survivor keeps.
    """
    take = set(take_from_other)
    if take - set(MERGE_FIELDS):
        raise TypeError(f"not mergeable: {sorted(take - set(MERGE_FIELDS))}")
    if survivor.pk == other.pk or survivor.municipality_id != other.municipality_id:
        raise ValueError("two persons of one municipality are needed")
    locked = {
        person.pk: person
        for person in Person.objects.select_for_update().filter(pk__in=[survivor.pk, other.pk])
    }
    if len(locked) != 2:
        raise MergeConflictError(
            _("One of the two records no longer exists: it was merged or deleted meanwhile.")
        )
    survivor, other = locked[survivor.pk], locked[other.pk]
    if expected_versions is not None and expected_versions != (survivor.version, other.version):
        raise MergeConflictError(str(MergeConflictError.CHANGED))
    first, second = duplicates.ordered(survivor.pk, other.pk)
    rejected = DuplicatePair.objects.filter(
        first_id=first, second_id=second, status=PairStatus.REJECTED
    )
    if rejected.exists():  # by a second reviewer, while this one compared them
        raise MergeConflictError(
            _("A reviewer has noted meanwhile that these are two different persons.")
        )
    before = audit.snapshot(survivor, fields=PERSON_FIELDS)
    merged_record = audit.snapshot(other, fields=PERSON_FIELDS)
    other_pk = str(other.pk)
    other_household = other.household_id
    sources = [str(source) for source in other.sources.all()]
    moved = merge_rows.move_related(other, survivor)
    statuses_ended = merge_rows.one_open_status(survivor)
    other_label = f"{other} ({other.birth_date_display})" if other.birth_date else str(other)
    changes = {name: getattr(other, name) for name in sorted(take)}
    also_known_as = merged_names(survivor, other, changes)
    if also_known_as != survivor.other_names:
        changes["other_names"] = also_known_as
    pairs = merge_rows.keep_pairs(other, survivor)
    other.delete()  # first: its source ids and pairs must not stand in the way
    if changes:
        update_person(
            acting_user=acting_user,
            person=survivor,
            expected_version=survivor.version,
            **changes,
        )
    record_persons_merged(
        actor=acting_user,
        person=survivor,
        merged_label=other_label,
        left_household=other_household,
    )
    audit.record(
        EventType.PERSONS_MERGED,
        actor=acting_user,
        municipality=survivor.municipality,
        target=survivor,
        before=before,
        after=audit.snapshot(survivor, fields=PERSON_FIELDS),
        context={
            "merged_person": other_pk,
            "merged_record": merged_record,
            "moved": moved,
            # The persons a reviewer said the merged record is not: neither is the survivor;
            # and those it was queued with, now queued with the survivor.
            "rejections_kept": pairs["rejected"],
            "confirmations_kept": pairs["confirmed"],
            "open_pairs_kept": pairs["open"],
            "statuses_ended": statuses_ended,
            "sources": sources,
            "taken": sorted(take),
        },
    )
    return survivor


def merged_names(survivor: Person, other: Person, changes: dict[str, Any]) -> str:
    """The survivor's "also known as" after a merge: both records' other names, and every
    name and original script of the two that the survivor does not keep (so a search by
    the merged-away spelling still finds the person)."""
    kept = {
        name: changes.get(name, getattr(survivor, name))
        for name in ("given_name", "family_name", "name_original")
    }
    names = [part.strip() for part in survivor.other_names.split(";") if part.strip()]
    names += [part.strip() for part in other.other_names.split(";") if part.strip()]
    kept_full = name_key(f"{kept['given_name']} {kept['family_name']}")
    # Both records' names (the survivor's own when the merge replaces them).
    for person in (survivor, other):
        full = f"{person.given_name} {person.family_name}".strip()
        if name_key(full) != kept_full:
            names.append(full)
        if person.name_original and person.name_original != kept["name_original"]:
            names.append(person.name_original)
    unique: dict[str, str] = {}
    for name in names:
        unique.setdefault(name_key(name), name)
    text = "; ".join(unique.values())
    return text if len(text) <= OTHER_NAMES_MAX else text[:OTHER_NAMES_MAX].rsplit(";", 1)[0]


class MergeConflictError(Exception):
    """The records are no longer as the reviewer saw them; nothing was merged."""

    CHANGED = gettext_lazy(
        "One of the two records was changed after you looked at them. Nothing has been"
        " merged; please compare them again."
    )
