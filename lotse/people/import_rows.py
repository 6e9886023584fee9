"""Reading and checking an import file of persons (CSV or XLSX): every row, every error.

Columns: docs/import-format.md. Nothing here writes; ``imports`` matches and writes the
checked rows.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from lotse.core.catalogues import Gender
from lotse.core.tables import (
    FORMULA_STARTS,
    LINE_BREAK,
    ImportFileError,
    RowError,
    cell_text,
    is_formula,
    line_breaks,
    read_table,
)
from lotse.people.enums import DatePrecision
from lotse.people.names import shared_key
from lotse.people.validators import EARLIEST_BIRTH_YEAR, clean_birth_date, has_letter

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
    updated: int = 0  # known source id, changed values or a new address (once a person)
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

    @property
    def has_address(self) -> bool:
        return bool(self.street or self.postcode or self.city)


Progress = Callable[[str, int, int], None]  # (phase, done, total)


# The forms of a date ``parse_birth`` reads, whether or not the date exists.
_DATE_FORMS = re.compile(r"[0-9]{4}(?:-[0-9]{2}){0,2}|[0-9]{2}\.[0-9]{2}\.[0-9]{4}")


def parse_birth(text: str) -> tuple[dt.date, str] | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (also ``DD.MM.YYYY``) to a date and precision."""
    try:
        if len(text) == 4 and text.isdigit():
            return dt.date(int(text), 1, 1), DatePrecision.YEAR
        if len(text) == 7 and text[4] == "-":
            return dt.date(int(text[:4]), int(text[5:]), 1), DatePrecision.MONTH
        if len(text) == 10 and text[4] == text[7] == "-" and text.replace("-", "").isdigit():
            # Not any ISO form: "1990-W05-3" is a week's day.
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
    twice = sorted({name for name in named if named.count(name) > 1})
    if twice:
        raise ImportFileError(
            _("A column appears twice in the header: %(columns)s.") % {"columns": ", ".join(twice)}
        )
    return header


def _birth(
    number: int, values: dict[str, str], report: ImportReport, today: dt.date
) -> tuple[dt.date, str] | None:
    if not values.get("birth_date"):
        return None
    birth = parse_birth(values["birth_date"])
    if birth is None and _DATE_FORMS.fullmatch(values["birth_date"]):
        report.add_error(
            number,
            "birth_date",
            _("This date does not exist (such as a 31 February): check day and month."),
        )
    elif birth is None:
        report.add_error(
            number,
            "birth_date",
            _("Not a date: write YYYY-MM-DD or DD.MM.YYYY, YYYY-MM, or only the year YYYY."),
        )
    elif birth[0] > today:
        report.add_error(number, "birth_date", _("The date of birth lies in the future."))
        return None
    else:
        try:
            clean_birth_date(birth[0])  # the forms' and the API's rule
        except ValidationError:
            # In a file, a year that early is most often one with a digit lost (990).
            report.add_error(
                number,
                "birth_date",
                _("A year of birth before %(year)s cannot be right: is a digit missing?")
                % {"year": EARLIEST_BIRTH_YEAR},
            )
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


# A spreadsheet's number cell in these columns has lost what the text had: the leading zero
# of a phone number or a postcode (0203 …, 01067), or, for an id, digits beyond the 15
# that a number keeps (an id of 00123 that is a number cannot be told from 123: accepted).
_NOT_AS_NUMBERS = frozenset({"phone", "postcode"})
_EXACT_BELOW = 10**15


def _lost_as_number(column: str, value: Any) -> bool:
    if type(value) is str:  # a CSV's every cell, most of a workbook's
        return False
    if isinstance(value, dt.date | dt.datetime | dt.time):
        # Excel makes a date of 1-2 or 3.4 typed into a cell: only a date of birth is one.
        return column != "birth_date"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if column in _NOT_AS_NUMBERS:
        return True
    if column == "external_id":
        return not float(value).is_integer() or abs(value) >= _EXACT_BELOW
    return False


# Names and places hold no question mark: where one stands, a letter was lost in saving.
_LETTERS_LOST_AS = ("given_name", "family_name", "name_original", "street", "city")


def source_id(source: str, external_id: str) -> tuple[str, str]:
    """What identifies a record of another system: its source, whatever the case of its
    letters (``source_key``), and its id there, as written."""
    return source_key(source), external_id


def source_key(source: str) -> str:
    """A source whatever the case of its letters: Jobcenter, jobcenter, JOBCENTER."""
    return source.lower()


def _text(value: Any) -> str:
    """``cell_text``; a CSV's cells are text already."""
    return value.strip() if type(value) is str else cell_text(value)


def _check_cells(number: int, values: dict[str, str], report: ImportReport) -> None:
    """What no cell may hold: a formula, more than its column's length."""
    for column, text in values.items():
        if text[:1] in FORMULA_STARTS and is_formula(text):
            report.add_error(number, column, _("A formula is not allowed here."))
        elif len(text) > LENGTHS.get(column, 1000):
            report.add_error(
                number,
                column,
                _("At most %(count)s characters.") % {"count": LENGTHS.get(column, 1000)},
            )


def _check_row(
    number: int, values: dict[str, str], report: ImportReport, today: dt.date
) -> Incoming | None:
    errors_before = report.error_count
    _check_cells(number, values, report)
    for column in REQUIRED:
        if not values.get(column):
            report.add_error(number, column, _("This value is required."))
    for column in ("given_name", "family_name"):
        name = values.get(column, "")
        # A name of question marks lost its letters in saving: said below.
        if name and "?" not in name and not has_letter(name, shared_key):
            report.add_error(number, column, _("A name needs at least one letter."))
    for column in _LETTERS_LOST_AS:
        if "?" in values.get(column, ""):
            report.add_error(
                number,
                column,
                _(
                    "A question mark stands for a letter lost when the file was saved (Excel"
                    " writes ? for letters such as ș, ț or Cyrillic ones): save it as"
                    ' "CSV UTF-8" or XLSX.'
                ),
            )
    birth = _birth(number, values, report, today)
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
    unnamed = [position for position, name in enumerate(header) if not name]
    incoming: list[Incoming] = []
    seen: dict[tuple[str, str], int] = {}
    total = len(rows) - 1
    today = timezone.localdate()
    for index, row in rows.numbered():
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
        numbers = [
            name
            for position, name in enumerate(header)
            if position < len(row) and _lost_as_number(name, row[position])
        ]
        for name in numbers:
            report.add_error(
                index,
                name,
                _(
                    "The cell is stored as a number or a date, which loses leading zeros,"
                    " long digits or what was typed: format the column as text."
                ),
            )
        if any(position < len(row) and cell_text(row[position]) for position in unnamed):
            report.add_error(
                index, "", _("A cell holds a value in a column without a name in the header.")
            )
        # No value of a person holds a line break: where one is, rows may have been read
        # into the cell (a stray quotation mark), and the row is not taken.
        broken = line_breaks(rows, index, row, header)
        for name in broken:
            report.add_error(index, name, str(LINE_BREAK))
        checked = None if broken else _check_row(index, values, report, today)
        # The same id twice is reported whatever else is wrong with either row.
        key = source_id(values.get("source", ""), values.get("external_id", ""))
        if all(key) and key in seen:
            report.add_error(
                index, "external_id", _("The same id as in row %(row)s.") % {"row": seen[key]}
            )
        elif all(key):
            seen[key] = index
            if checked is not None and not numbers:
                incoming.append(checked)
        if progress is not None and (index - 1) % 5000 == 0:
            progress("checking", index - 1, total)
    report.rows = total
    if progress is not None:
        progress("checking", total, total)
    return incoming, report
