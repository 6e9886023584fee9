"""The directory as a table: export to CSV/XLSX and import from CSV/XLSX.

Columns are documented in docs/directory-format.md. An import is all or nothing: every row is
checked first, any error imports nothing and is reported with its row and column; only a
file without errors is written, in one transaction, through the directory's services (so
each row has its audit entry).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lotse.audit import services as audit
from lotse.audit.events import EventType
from lotse.core import tables
from lotse.core.tables import (
    LINE_BREAK,
    SWALLOWED,
    ImportFileError,
    RowError,
    cell_text,
    is_formula,
    line_breaks,
    swallowed_rows,
    undefused,
)
from lotse.directory import services
from lotse.directory.models import DESCRIPTION_LANGUAGES, Service
from lotse.tenancy.models import Municipality, Organisation, Site

if TYPE_CHECKING:
    from lotse.accounts.models import User

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
LIST_FIELDS = ("life_domains", "target_groups", "languages")
INT_FIELDS = ("age_min", "age_max", "capacity", "waiting_days")
DATE_FIELDS = ("valid_from", "valid_until")
TEXT_FIELDS = (
    "name",
    "description",
    "cost",
    "phone",
    "email",
    "website",
    "eligibility",
    "internal_note",
)
# Texts of several lines; any other cell holding a line break is refused (``LINE_BREAK``).
MULTILINE = frozenset(
    {"description", "eligibility", "internal_note"}
    | {f"description_{code}" for code in DESCRIPTION_LANGUAGES}
)
TRANSLATED = tuple(
    f"{part}_{code}" for code in DESCRIPTION_LANGUAGES for part in ("name", "description")
)
# The service's own fields in the services' order (translations get a column pair per
# language), between the id and organisation in front and the sites behind.
COLUMNS = (
    "id",
    "organisation",
    *(name for name in services.FIELDS if name != "translations"),
    "sites",
    *TRANSLATED,
)
REQUIRED = ("organisation", "name", "description", "life_domains")
SITE_SEPARATOR = "|"


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


# ---------------------------------------------------------------- export


_SPECIAL = {
    "id": lambda service: str(service.pk),
    "organisation": lambda service: service.organisation.name,
    "sites": lambda service: f" {SITE_SEPARATOR} ".join(s.name for s in service.sites.all()),
}


def _export_cell(service: Service, column: str) -> Any:
    if column in _SPECIAL:
        return _SPECIAL[column](service)
    if column in TRANSLATED:
        part, code = column.split("_", 1)
        return ((service.translations or {}).get(code) or {}).get(part, "")
    value = getattr(service, column)
    if column in LIST_FIELDS:
        return ", ".join(value)
    if column in DATE_FIELDS:
        return value.isoformat() if value else ""
    return value


def export_rows(services_: Iterable[Service]) -> tuple[list[str], list[list[Any]]]:
    """The header and rows of an export (a valid import file); prefetch the sites."""
    rows = [[_export_cell(service, column) for column in COLUMNS] for service in services_]
    return list(COLUMNS), rows


# ---------------------------------------------------------------- reading files


def read_table(filename: str, data: bytes) -> tables.Table:
    """The rows of an uploaded directory file, header first."""
    return tables.read_table(filename, data, max_bytes=MAX_BYTES, max_rows=MAX_ROWS)


def _date(text: str) -> dt.date:
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007  (a date only)
        except ValueError:
            continue
    raise ValueError(text)


@dataclass
class _Row:
    number: int
    service: Service | None
    organisation: Organisation | None
    sites: list[Site]
    fields: dict[str, Any]


def _header(row: Sequence[Any]) -> list[str]:
    header = [cell_text(v).lower() for v in row]
    unknown = [h for h in header if h and h not in COLUMNS]
    if unknown:
        raise ImportFileError(
            _("Unknown columns: %(columns)s. The columns are described in the documentation.")
            % {"columns": ", ".join(unknown)}
        )
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ImportFileError(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    if len(set(header) - {""}) != len([h for h in header if h]):
        raise ImportFileError(_("A column appears twice in the header."))
    return header


@dataclass
class _Checker:
    """Checks the rows of one file against one municipality's organisations and sites."""

    municipality: Municipality
    organisations: dict[str, Organisation]
    sites: dict[str, Site]
    existing: dict[str, Service]
    errors: list[RowError] = field(default_factory=list)
    number: int = 0

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, message))

    def row(self, number: int, cells: dict[str, str]) -> _Row:
        self.number = number
        for column, raw in list(cells.items()):
            text = cells[column] = undefused(raw)
            if is_formula(text):
                message = _("Formulas are not allowed; the cell begins with “%(start)s”.")
                self.error(column, message % {"start": text[:1]})
                cells[column] = ""
        service, organisation = self._owner(cells)
        chosen_sites = self._sites(cells.get("sites", ""))
        fields = self._values(cells)
        candidate = Service(
            municipality=self.municipality,
            **{k: v for k, v in fields.items() if k in services.FIELDS},
        )
        failed = [e.column for e in self.errors if e.row == number]
        try:
            candidate.full_clean(exclude=["municipality", "organisation", *failed])
        except ValidationError as invalid:
            for column, messages in invalid.message_dict.items():
                for message in messages:
                    self.error(column if column in COLUMNS else "", message)
        return _Row(number, service, organisation, chosen_sites, fields)

    def _owner(self, cells: dict[str, str]) -> tuple[Service | None, Organisation | None]:
        service = None
        if cells.get("id"):
            try:
                service = self.existing.get(str(uuid.UUID(cells["id"])))
            except ValueError:
                service = None
            if service is None:
                self.error("id", _("No service with this id in this municipality."))
        name = cells.get("organisation", "")
        organisation = self.organisations.get(name)
        if organisation is None:
            self.error("organisation", _("Unknown organisation: “%(name)s”.") % {"name": name})
        elif service is not None and service.organisation_id != organisation.pk:
            self.error(
                "organisation", _("An import cannot move a service to another organisation.")
            )
        return service, organisation

    def _sites(self, text: str) -> list[Site]:
        chosen = []
        for name in (n.strip() for n in text.split(SITE_SEPARATOR)):
            if name in self.sites:
                chosen.append(self.sites[name])
            elif name:
                self.error("sites", _("Unknown site: “%(name)s”.") % {"name": name})
        return chosen

    def _values(self, cells: dict[str, str]) -> dict[str, Any]:
        fields: dict[str, Any] = {name: cells[name] for name in TEXT_FIELDS if name in cells}
        fields["cost"] = fields.get("cost") or "free"
        for name in LIST_FIELDS:
            if name in cells:
                fields[name] = [c.strip() for c in re.split(r"[,|]", cells[name]) if c.strip()]
        for name in INT_FIELDS:
            text = cells.get(name, "")
            fields[name] = int(text) if text.isdigit() else None
            if text and not text.isdigit():
                self.error(name, _("Not a whole number: “%(value)s”.") % {"value": text})
        for name in DATE_FIELDS:
            text = cells.get(name, "")
            fields[name] = None
            try:
                fields[name] = _date(text) if text else None
            except ValueError:
                message = _("Not a date (YYYY-MM-DD or DD.MM.YYYY): “%(value)s”.")
                self.error(name, message % {"value": text})
        translations: dict[str, dict[str, str]] = {}
        for code in DESCRIPTION_LANGUAGES:
            name, text = cells.get(f"name_{code}", ""), cells.get(f"description_{code}", "")
            if name or text:
                translations[code] = {"name": name, "description": text}
        fields["translations"] = translations
        return fields


def check_rows(municipality: Municipality, rows: tables.Table) -> tuple[list[_Row], list[RowError]]:
    """Check every data row; the errors name row and column."""
    header = _header(rows[0])
    checker = _Checker(
        municipality,
        organisations={o.name: o for o in Organisation.objects.filter(municipality=municipality)},
        sites={s.name: s for s in Site.objects.filter(municipality=municipality)},
        existing={str(s.pk): s for s in Service.objects.filter(municipality=municipality)},
    )
    checked = []
    for index, row in rows.numbered():
        if len(row) > len(header) and any(cell_text(v) for v in row[len(header) :]):
            checker.number = index
            checker.error("", _("The row has more cells than the header."))
        cells = {h: cell_text(v) for h, v in zip(header, row, strict=False) if h}
        checker.number = index
        for column in line_breaks(rows, index, row, header):
            if column not in MULTILINE:  # else rows may have been read into the cell
                checker.error(column, str(LINE_BREAK))
        for column in swallowed_rows(rows, index, row, header):
            if column in MULTILINE:
                delimiter = {"\t": str(_("tab"))}.get(rows.delimiter or "", rows.delimiter)
                count = len(header) - 1
                checker.error(
                    column, str(SWALLOWED) % {"count": count, "delimiter": f"„{delimiter}“"}
                )
        checked.append(checker.row(index, cells))
    if len(rows) < 2:
        checker.number = 1
        checker.error("", _("The file has a header but no rows."))
    return checked, checker.errors


@transaction.atomic
def import_services(
    *, acting_user: User, municipality: Municipality, filename: str, data: bytes
) -> ImportResult:
    """Import a directory file: all rows or none.

    Side effects (only when every row is valid): created and updated services, their sites,
    one audit entry per service.
    """
    result = ImportResult()
    checked, errors = check_rows(municipality, read_table(filename, data))
    if errors:
        result.errors = errors
        return result
    for row in checked:
        assert row.organisation is not None  # noqa: S101  (checked above)
        if row.service is None:
            services.create_service(
                acting_user=acting_user,
                organisation=row.organisation,
                sites=row.sites,
                **row.fields,
            )
            result.created += 1
        else:
            changes = {k: v for k, v in row.fields.items() if k in services.FIELDS}
            services.update_service(
                acting_user=acting_user,
                service=row.service,
                expected_version=row.service.version,
                sites=row.sites,
                **changes,
            )
            result.updated += 1
    audit.record(
        EventType.SERVICES_IMPORTED,
        actor=acting_user,
        municipality=municipality,
        context={"file": filename[:200], "created": result.created, "updated": result.updated},
    )
    return result
