"""Importing persons from other systems (CSV or XLSX): check everything, then write all or
nothing, matching every record against the persons already known.

Columns: docs/import-format.md. A row is identified by ``source`` + ``external_id``:
importing the same file again changes nothing. A new record is compared with the persons
of the municipality and the rows before it (``matching.compare``):

- a certain match (the same name, written the same, and the same date of birth) is
  **linked**: the person gets the source id, no second person is created;
- a likely match is created and its pair **queued for review** (the duplicate queue);
- anything else is **created**.

All rows are checked first; any error imports nothing and the report names every bad row
and column. The writing is one transaction, so a crash or a killed process leaves the
database as it was.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from lotse.audit import services as audit
from lotse.audit.events import EventType
from lotse.core import bulk
from lotse.core.catalogues import Gender
from lotse.core.collector import collector_paused
from lotse.core.tables import (
    FORMULA_STARTS,
    ImportFileError,
    RowError,
    cell_text,
    is_formula,
    read_table,
)
from lotse.people import duplicates, matching
from lotse.people.enums import DatePrecision
from lotse.people.models import DuplicatePair, Household, Person, PersonSource, person_skeleton
from lotse.people.names import name_key, shared_key

if TYPE_CHECKING:
    from lotse.accounts.models import User
    from lotse.tenancy.models import Municipality

COLUMNS = (
    "source",
    "external_id",
    "given_name",
    "family_name",
    "name_original",
    "birth_date",
    "gender",
    "nationality",
    "street",
    "postcode",
    "city",
    "phone",
)
REQUIRED = ("source", "external_id", "given_name", "family_name")
MAX_BYTES = 200 * 1024 * 1024
MAX_ROWS = 1_000_000
MAX_ERRORS = 1000  # reported; all are counted
# The person's values an import sets (and updates when the source's record changed).
PERSON_VALUES = (
    "given_name",
    "family_name",
    "name_original",
    "birth_date",
    "birth_date_precision",
    "gender",
    "nationality",
    "phone",
)
LENGTHS = {
    "source": 50,
    "external_id": 100,
    "given_name": 150,
    "family_name": 150,
    "name_original": 300,
    "street": 200,
    "postcode": 5,
    "city": 100,
    "phone": 40,
}
GENDERS = {
    "female": Gender.FEMALE,
    "f": Gender.FEMALE,
    "w": Gender.FEMALE,
    "weiblich": Gender.FEMALE,
    "male": Gender.MALE,
    "m": Gender.MALE,
    "männlich": Gender.MALE,
    "maennlich": Gender.MALE,
    "diverse": Gender.DIVERSE,
    "d": Gender.DIVERSE,
    "x": Gender.DIVERSE,
    "divers": Gender.DIVERSE,
    "": Gender.NOT_STATED,
    "not_stated": Gender.NOT_STATED,
    "u": Gender.NOT_STATED,
    "unbekannt": Gender.NOT_STATED,
}


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    linked: int = 0  # matched a known person: source id added, nobody created
    queued: int = 0  # created, and the pair with a likely match queued for review
    updated: int = 0  # known source id, changed values
    unchanged: int = 0
    error_count: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.error_count

    def add_error(self, row: int, column: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(RowError(row, column, message))

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "created": self.created,
            "linked": self.linked,
            "queued": self.queued,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "error_count": self.error_count,
            "dry_run": self.dry_run,
        }


@dataclass
class Incoming:
    """One checked row."""

    number: int
    source: str
    external_id: str
    fields: dict[str, Any]
    street: str
    postcode: str
    city: str


Progress = Callable[[str, int, int], None]  # (phase, done, total)


def parse_birth(text: str) -> tuple[dt.date, str] | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (also ``DD.MM.YYYY``) to a date and precision."""
    try:
        if len(text) == 4 and text.isdigit():
            return dt.date(int(text), 1, 1), DatePrecision.YEAR
        if len(text) == 7 and text[4] == "-":
            return dt.date(int(text[:4]), int(text[5:]), 1), DatePrecision.MONTH
        if len(text) == 10 and text[4] == "-":
            return dt.date.fromisoformat(text), DatePrecision.DAY
        if len(text) == 10 and text[2] == "." and text[5] == ".":
            day, month, year = text.split(".")
            return dt.date(int(year), int(month), int(day)), DatePrecision.DAY
    except ValueError:
        return None
    return None


def _header(row: list[Any]) -> list[str]:
    header = [cell_text(value).lower() for value in row]
    unknown = [name for name in header if name and name not in COLUMNS]
    if unknown:
        raise ImportFileError(
            _("Unknown columns: %(columns)s. The columns are described in the documentation.")
            % {"columns": ", ".join(unknown[:10])}
        )
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ImportFileError(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    named = [name for name in header if name]
    if len(set(named)) != len(named):
        raise ImportFileError(_("A column appears twice in the header."))
    return header


def _birth(number: int, values: dict[str, str], report: ImportReport) -> tuple[dt.date, str] | None:
    if not values.get("birth_date"):
        return None
    birth = parse_birth(values["birth_date"])
    if birth is None:
        report.add_error(
            number, "birth_date", _("Not a date: write YYYY-MM-DD, YYYY-MM or only the year YYYY.")
        )
    elif birth[0] > timezone.localdate():
        report.add_error(number, "birth_date", _("The date of birth lies in the future."))
        return None
    return birth


@functools.lru_cache(maxsize=1024)
def _alpha2(code: str) -> str:
    return countries.alpha2(code)


def _nationality(number: int, values: dict[str, str], report: ImportReport) -> str:
    code = values.get("nationality", "").upper()
    if not code:
        return ""
    nationality = _alpha2(code) if len(code) in (2, 3) else ""
    if not nationality:
        report.add_error(
            number,
            "nationality",
            _("Unknown country code: use ISO 3166 alpha-2 (RO) or alpha-3 (ROU)."),
        )
    return nationality


def _text(value: Any) -> str:
    """``cell_text``; a CSV's cells are text already."""
    return value.strip() if type(value) is str else cell_text(value)


def _check_row(number: int, values: dict[str, str], report: ImportReport) -> Incoming | None:
    errors_before = report.error_count
    for column, text in values.items():
        if text[:1] in FORMULA_STARTS and is_formula(text):
            report.add_error(number, column, _("A formula is not allowed here."))
        elif len(text) > LENGTHS.get(column, 1000):
            report.add_error(
                number,
                column,
                _("At most %(count)s characters.") % {"count": LENGTHS.get(column, 1000)},
            )
    for column in REQUIRED:
        if not values.get(column):
            report.add_error(number, column, _("This value is required."))
    birth = _birth(number, values, report)
    gender = GENDERS.get(values.get("gender", "").casefold())
    if gender is None:
        report.add_error(
            number, "gender", _("Unknown gender: use female, male, diverse or leave it empty.")
        )
    nationality = _nationality(number, values, report)
    postcode = values.get("postcode", "")
    if postcode and not (postcode.isdigit() and len(postcode) == 5):
        report.add_error(number, "postcode", _("A postcode has five digits."))
    if report.error_count > errors_before:
        return None
    return Incoming(
        number=number,
        source=values["source"],
        external_id=values["external_id"],
        fields={
            "given_name": values["given_name"],
            "family_name": values["family_name"],
            "name_original": values.get("name_original", ""),
            "birth_date": birth[0] if birth else None,
            "birth_date_precision": birth[1] if birth else DatePrecision.DAY,
            "gender": gender,
            "nationality": nationality,
            "phone": values.get("phone", ""),
        },
        street=values.get("street", ""),
        postcode=postcode,
        city=values.get("city", ""),
    )


def check_file(
    filename: str, data: bytes, *, progress: Progress | None = None
) -> tuple[list[Incoming], ImportReport]:
    """Read and check every row; the report lists every error (nothing is written)."""
    report = ImportReport()
    rows = read_table(filename, data, max_bytes=MAX_BYTES, max_rows=MAX_ROWS, max_columns=50)
    header = _header(rows[0])
    if len(rows) < 2:
        raise ImportFileError(_("The file has a header but no rows."))
    incoming: list[Incoming] = []
    seen: dict[tuple[str, str], int] = {}
    total = len(rows) - 1
    for index, row in enumerate(rows[1:], start=2):
        if len(row) > len(header):
            extra = [cell_text(v) for v in row[len(header) :]]
            if any(extra):
                report.add_error(index, "", _("This row has more cells than the header."))
                continue
        values = {
            name: _text(row[position]) if position < len(row) else ""
            for position, name in enumerate(header)
            if name
        }
        checked = _check_row(index, values, report)
        if checked is not None:
            key = (checked.source, checked.external_id)
            if key in seen:
                report.add_error(
                    index,
                    "external_id",
                    _("The same id as in row %(row)s.") % {"row": seen[key]},
                )
            else:
                seen[key] = index
                incoming.append(checked)
        if progress is not None and (index - 1) % 5000 == 0:
            progress("checking", index - 1, total)
    report.rows = total
    if progress is not None:
        progress("checking", total, total)
    return incoming, report


# Many rows of a file share a name: its skeletons are made once.
_skeleton = functools.lru_cache(maxsize=100_000)(person_skeleton)


def _record(incoming: Incoming) -> matching.Record:
    fields = incoming.fields
    return matching.Record(
        given=shared_key(fields["given_name"]),
        family=shared_key(fields["family_name"]),
        skeletons=_skeleton(fields["given_name"], fields["family_name"], fields["name_original"]),
        birth_date=fields["birth_date"],
        birth_precision=fields["birth_date_precision"],
        street=shared_key(incoming.street),
        postcode=incoming.postcode,
        city=shared_key(incoming.city),
        phone="".join(ch for ch in fields["phone"] if ch.isdigit()),
    )


@collector_paused()  # many rows, records and keys that live until the end
def import_persons(
    *,
    acting_user: User | None,
    municipality: Municipality,
    filename: str,
    data: bytes,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Check the file, match its records and, if every row is valid and not ``dry_run``,
    write them in one transaction. Raises ``ImportFileError`` for a file that cannot be
    read at all; row errors are in the report, and then nothing is written.

    Side effects (only for a valid file): new persons with their source ids and an audit
    entry each, source ids added to linked persons, changed persons updated, pairs queued
    for review, and one audit entry PERSONS_IMPORTED with the figures.
    """
    incoming, report = check_file(filename, data, progress=progress)
    report.dry_run = dry_run
    if not report.ok:
        return report
    plan = _plan(municipality, incoming, report, progress)
    if dry_run:
        return report
    with transaction.atomic():
        _write(acting_user, municipality, plan, progress)
        audit.record(
            EventType.PERSONS_IMPORTED,
            actor=acting_user,
            municipality=municipality,
            context={"file": filename[:200], **report.as_dict()},
        )
    return report


@dataclass
class _Plan:
    create: list[Incoming] = field(default_factory=list)
    # The other person is a known person's pk, or an earlier row of the file (created).
    link: list[tuple[Incoming, Any]] = field(default_factory=list)
    review: list[tuple[Incoming, Any, matching.Evidence]] = field(default_factory=list)
    update: list[tuple[Any, dict[str, Any]]] = field(default_factory=list)
    names: dict[Any, dict[str, Any]] = field(default_factory=dict)  # of the updated persons
    # The matcher's record of each new row (by id of the row): its name keys and skeletons.
    records: dict[int, matching.Record] = field(default_factory=dict)


def _plan(
    municipality: Municipality,
    incoming: list[Incoming],
    report: ImportReport,
    progress: Progress | None,
) -> _Plan:
    """Decide per row: unchanged, update (known source id), link, create (+ review)."""
    plan = _Plan()
    known_ids = {
        (source, external_id): person_id
        for source, external_id, person_id in PersonSource.objects.filter(municipality=municipality)
        .order_by()
        .values_list("source", "external_id", "person_id")
        .iterator(chunk_size=20_000)
    }
    fresh: list[Incoming] = []
    changed_candidates: dict[Any, Incoming] = {}
    for row in incoming:
        person_id = known_ids.get((row.source, row.external_id))
        if person_id is None:
            fresh.append(row)
        else:
            changed_candidates[person_id] = row
    _plan_updates(changed_candidates, plan, report)
    if not fresh:
        return plan
    new = [_record(row) for row in fresh]
    plan.records = {id(row): record for row, record in zip(fresh, new, strict=True)}
    pks, records, share, calibration = duplicates.load_near(municipality.pk, new)
    known_count = len(records)
    records.extend(new)
    detection = duplicates.find_pairs(
        records,
        threshold=duplicates.DUPLICATE_THRESHOLD,
        only_with=set(range(known_count, len(records))),
        share=share,
        calibration=calibration,
    )
    best: dict[int, tuple[int, matching.Evidence]] = {}
    for candidate in detection.candidates:  # best first
        for mine, theirs in (
            (candidate.first, candidate.second),
            (candidate.second, candidate.first),
        ):
            if mine >= known_count and mine not in best and (theirs < mine):
                best[mine] = (theirs, candidate.evidence)
    # What each new row became: a known person's pk, or the row whose person it is.
    resolved: dict[int, Any] = {}
    for offset, row in enumerate(fresh):
        index = known_count + offset
        match = best.get(index)
        if match is not None:
            theirs, evidence = match
            target = pks[theirs] if theirs < known_count else resolved[theirs]
            if _certain(evidence):
                plan.link.append((row, target))
                resolved[index] = target
                report.linked += 1
                continue
            plan.review.append((row, target, evidence))
            report.queued += 1
        plan.create.append(row)
        resolved[index] = row
        report.created += 1
        if progress is not None and offset % 5000 == 0:
            progress("matching", offset, len(fresh))
    return plan


def _certain(evidence: matching.Evidence) -> bool:
    """The same name, written the same, and the same date of birth: the same person, linked
    without asking. Anything less certain goes to the review queue."""
    return evidence.name == "same" and evidence.birth == "date"


def _plan_updates(candidates: dict[Any, Incoming], plan: _Plan, report: ImportReport) -> None:
    names = PERSON_VALUES
    persons = Person.objects.filter(pk__in=list(candidates)).only(*names, "other_names")
    for person in persons.iterator(chunk_size=5000):
        row = candidates[person.pk]
        current = {name: getattr(person, name) for name in names}
        current["nationality"] = person.nationality.code if person.nationality else ""
        changes = {name: value for name, value in row.fields.items() if current[name] != value}
        if changes:
            plan.update.append((person.pk, changes))
            plan.names[person.pk] = {**row.fields, "other_names": person.other_names}
            report.updated += 1
        else:
            report.unchanged += 1


def _write(
    acting_user: User | None,
    municipality: Municipality,
    plan: _Plan,
    progress: Progress | None,
) -> None:
    now = timezone.now()
    households: dict[tuple[str, str, str], dict[str, Any]] = {}
    persons: list[dict[str, Any]] = []
    for row in plan.create:
        record = plan.records.get(id(row)) or _record(row)
        household_id = None
        if row.street or row.postcode or row.city:
            key = (record.family, record.street, row.postcode)
            household = households.get(key)
            if household is None:
                household = households[key] = {
                    "id": uuid.uuid4(),
                    "municipality_id": municipality.pk,
                    "name": row.fields["family_name"],
                    "street": row.street,
                    "postcode": row.postcode,
                    "city": row.city,
                }
            household_id = household["id"]
        fields = row.fields
        persons.append(
            {
                "id": uuid.uuid4(),
                "municipality_id": municipality.pk,
                "household_id": household_id,
                "given_key": record.given,
                "family_key": record.family,
                "name_skeleton": record.skeletons,
                **fields,
            }
        )
    bulk.insert(Household, list(households.values()))
    total = len(persons)
    for start in range(0, total, 2000):
        bulk.insert(Person, persons[start : start + 2000])
        if progress is not None:
            progress("writing", start, total)
    created = {id(row): person["id"] for row, person in zip(plan.create, persons, strict=True)}

    def person_pk(other: Any) -> Any:
        return created[id(other)] if isinstance(other, Incoming) else other

    bulk.insert(
        PersonSource,
        [
            {
                "municipality_id": municipality.pk,
                "person_id": person_pk(row) if other is None else person_pk(other),
                "source": row.source,
                "external_id": row.external_id,
            }
            for row, other in [(row, None) for row in plan.create] + plan.link
        ],
    )
    # Each pair holds a person created here: no pair of the queue can be the same.
    pairs: dict[tuple[Any, Any], dict[str, Any]] = {}
    for row, other, evidence in plan.review:
        first, second = duplicates.ordered(created[id(row)], person_pk(other))
        pairs[(first, second)] = {
            "municipality_id": municipality.pk,
            "first_id": first,
            "second_id": second,
            "score": round(evidence.score, 4),
            "evidence": evidence.codes,
        }
    bulk.insert(DuplicatePair, list(pairs.values()))
    for person_id, changes in plan.update:
        keys = {}
        if {"given_name", "family_name", "name_original"} & set(changes):
            # The row holds the person's names, the plan its other names: no read needed.
            names = plan.names[person_id]
            keys = {
                "given_key": name_key(names["given_name"]),
                "family_key": name_key(names["family_name"]),
                "name_skeleton": person_skeleton(
                    names["given_name"],
                    names["family_name"],
                    names["name_original"],
                    names["other_names"],
                ),
            }
        Person.objects.filter(pk=person_id).update(
            **changes, **keys, version=F("version") + 1, updated_at=now
        )
    for event_type, entries in (
        (
            EventType.PERSON_CREATED,
            [(person["id"], None, _audited(person)) for person in persons],
        ),
        (EventType.PERSON_UPDATED, [(pk, None, after) for pk, after in plan.update]),
    ):
        audit.record_changes(
            event_type,
            actor=acting_user,
            municipality=municipality,
            model=Person,
            changes=entries,
            context={"import": "file"},
            occurred_at=now,
        )


def _audited(person: dict[str, Any]) -> dict[str, Any]:
    """What the audit entry of a created person holds: its household and the values the
    import sets, as ``audit.snapshot`` gives them for the saved person."""
    return {
        "household": person["household_id"],
        **{name: person[name] for name in PERSON_VALUES},
    }
