"""Reading tables that people upload (CSV or XLSX), shared by every import.

Encoding (UTF-8 with or without BOM, Windows-1252 as Excel writes it) and the delimiter
(; , tab or |, from the header) are detected; quotes are read as Excel writes them, and a
quotation mark left open is an error, not a cell that swallows the rows after it. Cells
that would run as a formula in a spreadsheet are recognised, so that an import can refuse
them; numbers and phone numbers like ``+49 …`` and list items like ``- Hilfe …`` are not
formulas.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from lotse.core import codepages

# A number or phone number may start with + or -; any other cell starting like a formula is
# refused, so that nothing an import accepts can run as a formula when exported again.
_NUMBER_LIKE = re.compile(r"^[+-][\d\s()/.-]*$")
# A phone number with a note of words: "+49 203 4711 (Mutter)", "+49 170 1234 abends";
# only in a short cell (the pattern's time grows with the square of a long one's length).
_NOTE_UP_TO = 80
_NUMBER_WITH_NOTE = re.compile(
    r"^\+[\d\s()/.-]*\d[\d\s()/.-]*\s\(?[^\W\d_][^\W_]*(?:[\s,.]+[^\W\d_]+)*\.?\)?$"
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# A cell of one line that holds a line break. In a CSV file, a quotation mark opening a cell
# and closed only at the end of a later line is valid CSV: the lines in between, whole rows,
# are read as part of the cell, and would be lost without a word.
LINE_BREAK = gettext_lazy(
    'The cell holds a line break. In a CSV file this may come from a quotation mark (")'
    " at the start of the cell that is closed only in a later line: the rows in between"
    " would be read into this cell. Close the quotation mark at the end of its cell or"
    " remove it; in a workbook, remove the line break."
)


def _broken(cell: Any) -> bool:
    """Whether a cell holds a line break, anywhere in it (a quotation mark closed at the
    start of a later line leaves the rows in between inside the cell, between two line
    breaks that trimming would remove)."""
    return isinstance(cell, str) and ("\n" in cell or "\r" in cell)


def _may_break(rows: Table, number: int) -> bool:
    """Whether a cell of row ``number`` may hold a line break: a row the CSV reader read
    from more than one line (``Table.multiline``), any row of a workbook."""
    return rows.multiline is None or number in rows.multiline


def line_breaks(rows: Table, number: int, row: list[Any], header: list[str]) -> list[str]:
    """The named columns of row ``number`` whose cell holds a line break (``_broken``)."""
    if not _may_break(rows, number):
        return []
    return [name for name, cell in zip(header, row, strict=False) if name and _broken(cell)]


# A cell of several lines, whose lines hold a row of the file.
SWALLOWED = gettext_lazy(
    "Lines of this cell hold as many delimiters (%(delimiter)s) as a row of the file"
    ' (%(count)s): a quotation mark (") that opens the cell and is closed only in a later'
    " row reads the rows in between into it. Close the quotation mark at the end of its"
    " cell or remove it."
)


def swallowed_rows(rows: Table, number: int, row: list[Any], header: list[str]) -> list[str]:
    """The named columns of row ``number`` of a CSV file whose cell holds a row of the
    file: a line, or two lines one after the other (the end of the row the quotation mark
    opened in and the start of the next), with as many delimiters as the header has
    columns less one, and at least five: rows read into a cell after a stray quotation
    mark, which a text of several lines (a description) does not hold."""
    delimiter = rows.delimiter
    if delimiter is None or not _may_break(rows, number):
        return []
    least = max(len(header) - 1, 5)
    found = []
    for name, cell in zip(header, row, strict=False):
        if name and _broken(cell):
            counts = [line.count(delimiter) for line in cell.splitlines()]
            if any(a + b >= least for a, b in zip(counts, [*counts[1:], 0], strict=True)):
                found.append(name)
    return found


class ImportFileError(Exception):
    """The file as a whole cannot be read (format, encoding, size, header)."""


@dataclass(frozen=True)
class RowError:
    row: int  # as in the spreadsheet: the header is row 1
    column: str
    message: str


def decode(data: bytes) -> str:
    """The text of a file in UTF-8 (with or without BOM) or Windows-1252. Raises
    ``UnicodeDecodeError`` for other bytes, and ``ImportFileError`` for a file of another
    Windows code page, which Windows-1252 would read as other letters
    (``codepages.misread``)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Excel in Germany saves "CSV" as Windows-1252.
        text = data.decode("cp1252", errors="strict")
    if codepages.misread(text):
        raise ImportFileError(
            _(
                "The file seems to be saved in another encoding than UTF-8 or Windows-1252"
                " (e.g. with Cyrillic, Arabic or Turkish letters): they would be read as other"
                " letters. Save it as CSV (UTF-8)."
            )
        )
    return text


def _check_width(row: list[Any], number: int, max_columns: int) -> None:
    if len(row) > max_columns:
        raise ImportFileError(
            _("Row %(row)s has %(count)s columns; at most %(max)s are expected.")
            % {"row": number, "count": len(row), "max": max_columns}
        )


def _read_csv(data: bytes, max_rows: int, max_columns: int) -> Table:
    text = _csv_text(data)
    delimiter = _delimiter(text)
    # Always Excel's quoting (a quotation mark in a quoted cell is doubled), whatever a
    # data row looks like; strict, so that a quotation mark left open is an error rather
    # than a cell that swallows the rows after it.
    reader = csv.reader(
        io.StringIO(text, newline=""), dialect="excel", delimiter=delimiter, strict=True
    )
    multiline: set[int] = set()
    rows = Table(multiline=multiline, delimiter=delimiter)
    number = lines = 0  # the last row read, and the lines of the file it ends on
    try:
        for number, row in enumerate(reader, start=1):
            before, lines = lines, reader.line_num
            _check_width(row, number, max_columns)
            if any(c.strip() for c in row):
                rows.add(number, row)
                if lines - before > 1:
                    multiline.add(number)
            if len(rows) > max_rows + 1:
                break
    except csv.Error as error:
        raise _unreadable(text, delimiter, number + 1, lines) from error
    return rows


def _csv_text(data: bytes) -> str:
    """The text of a CSV file (``decode``); a file with NUL bytes is no text at all (e.g.
    UTF-16 or a binary file), which no code page should be blamed for."""
    if b"\x00" in data:
        raise ImportFileError(_("The file is not a text file. Save it as CSV (UTF-8) or XLSX."))
    try:
        return decode(data)
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _("The file is neither UTF-8 nor Windows-1252 text. Save it as CSV (UTF-8).")
        ) from error


# Semicolon first: what Excel writes in Germany, and the choice for a one-column header.
_DELIMITERS = (";", ",", "\t", "|")
_LINE = re.compile(r"[^\r\n]+")
# A line as ``io.StringIO(text, newline="")`` gives it to the reader, without copying the text.
_PHYSICAL_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def _delimiter(text: str) -> str:
    """The delimiter that splits the header (the first line with a letter or a digit) into
    the most cells, the first of ``_DELIMITERS`` among equals. Only the header is looked
    at: a data row's quoted cells may hold any delimiter, and its cells any text
    (``csv.Sniffer`` guessed wrong from such rows)."""
    lines = (found.group() for found in _LINE.finditer(text))
    header = next((line for line in lines if any(c.isalnum() for c in line)), "")
    return max(_DELIMITERS, key=lambda delimiter: _cell_count(header, delimiter))


def _cell_count(line: str, delimiter: str) -> int:
    try:
        return len(next(csv.reader([line], dialect="excel", delimiter=delimiter), []))
    except csv.Error:  # a cell longer than the csv module's limit
        return 0


def _unreadable(text: str, delimiter: str, row: int, lines_before: int) -> ImportFileError:
    """Why the CSV reader stopped in row ``row`` (which starts after ``lines_before`` lines
    of the file). With the reader's dialect and the checks before, it stops only for a
    quotation mark (one that opens a cell and is not closed, or is closed before the
    cell's end) or for a cell longer than the csv module's limit. Where the row's first
    line leaves a quotation mark open, the limit is what a quotation mark never closed
    runs into in a large file: a quotation mark too."""
    first_line = next(itertools.islice(_PHYSICAL_LINE.finditer(text), lines_before, None), None)
    if first_line is None or _quote_trouble(first_line.group(), delimiter):
        return ImportFileError(
            _(
                'Row %(row)s: a cell begins with a quotation mark (") that is not closed at'
                " the end of the cell, so the file cannot be divided into rows and cells from"
                " there on. Remove the quotation mark, or close it and write every quotation"
                ' mark inside the cell twice ("").'
            )
            % {"row": row}
        )
    return ImportFileError(
        _("Row %(row)s has a cell of more than %(count)s characters.")
        % {"row": row, "count": csv.field_size_limit()}
    )


def _quote_trouble(line: str, delimiter: str) -> bool:
    """Whether a cell of ``line`` opens a quotation mark that the line leaves open, or
    closes it before the cell ends, as Excel reads quotes: a quotation mark opens a cell
    only at its start, and inside an opened cell two stand for one."""
    state = "start"
    for char in line.rstrip("\r\n"):
        if state == "quoted":
            state = "closing" if char == '"' else "quoted"
        elif state == "closing":
            if char == '"':
                state = "quoted"
            elif char == delimiter:
                state = "start"
            else:
                return True
        elif char == delimiter:
            state = "start"
        elif state == "start":
            state = "quoted" if char == '"' else "plain"
    return state == "quoted"


def _read_xlsx(data: bytes, max_rows: int, max_columns: int) -> Table:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds of errors for bad files
        raise ImportFileError(_("The file is not a readable XLSX workbook.")) from error
    sheet = workbook.worksheets[0]
    rows = Table()
    try:
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if len(rows) > max_rows + 1:
                break
            row = [_value(v) for v in values]
            while row and row[-1] == "":
                row.pop()
            _check_width(row, number, max_columns)
            if any(str(v).strip() for v in row):
                rows.add(number, row)
    except ImportFileError:
        raise
    except Exception as error:  # a damaged sheet fails while its rows are read
        raise ImportFileError(_("The file is not a readable XLSX workbook.")) from error
    finally:
        workbook.close()
    return rows


def _value(value: Any) -> Any:
    """A cell's value as the import reads it: empty for none, an array or table formula
    as its formula (which the import refuses), anything else as openpyxl gives it."""
    if value is None:
        return ""
    if isinstance(value, ArrayFormula):
        return value.text if str(value.text or "").startswith("=") else f"={value.text or ''}"
    if isinstance(value, DataTableFormula):
        return "=TABLE()"
    return value


class Table(list[list[Any]]):
    """The rows of a file that hold anything, header first, with the number each row has
    in the file (``numbers``: a spreadsheet's row numbers, empty rows counted), so that a
    report names the row the user sees."""

    def __init__(self, multiline: set[int] | None = None, delimiter: str | None = None) -> None:
        super().__init__()
        self.numbers: list[int] = []
        # The numbers of the rows that span more than one line of a CSV file (a cell with a
        # line break); None for a workbook, whose every cell may hold one.
        self.multiline = multiline
        self.delimiter = delimiter  # of a CSV file; None for a workbook

    def add(self, number: int, row: list[Any]) -> None:
        self.append(row)
        self.numbers.append(number)

    def numbered(self) -> Iterator[tuple[int, list[Any]]]:
        """The rows after the header, each with its number in the file."""
        return zip(self.numbers[1:], self[1:], strict=True)


# How a Microsoft compound file starts: an XLS workbook (Excel 97–2003), or an XLSX
# workbook encrypted with a password, which Excel wraps in the same container.
_COMPOUND_FILE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_table(
    filename: str, data: bytes, *, max_bytes: int, max_rows: int, max_columns: int = 100
) -> Table:
    """The rows of an uploaded CSV or XLSX file that hold anything, header first."""
    if len(data) > max_bytes:
        raise ImportFileError(
            _("The file is larger than %(size)s MB.") % {"size": max_bytes // (1024 * 1024)}
        )
    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    if data.startswith(_COMPOUND_FILE):
        raise ImportFileError(
            _(
                "The file is an Excel workbook in the old format (XLS) or protected by a"
                " password, which cannot be read. Save it as XLSX without a password or as"
                " CSV (UTF-8)."
            )
        )
    if data[:2] == b"PK" or filename.lower().endswith(".xlsx"):
        rows = _read_xlsx(data, max_rows, max_columns)
        if not rows:
            raise ImportFileError(
                _("The first sheet of the workbook is empty (only the first sheet is read).")
            )
    else:
        rows = _read_csv(data, max_rows, max_columns)
    if not rows:
        raise ImportFileError(_("The file is empty."))
    if _may_break(rows, rows.numbers[0]) and any(_broken(cell) for cell in rows[0]):
        # Said before the header's names are, which would show the rows read into it.
        raise ImportFileError(
            _(
                "Row %(row)s, which names the columns, holds a line break in a cell. In a CSV"
                ' file this may come from a quotation mark (") closed only in a later line,'
                " which would read the rows after it into the header. Close the quotation"
                " mark at the end of its cell or remove it; in a workbook, remove the line"
                " break."
            )
            % {"row": rows.numbers[0]}
        )
    if len(rows) > max_rows + 1:
        raise ImportFileError(
            _("The file has more than %(count)s rows; split it.") % {"count": max_rows}
        )
    return rows


def cell_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def is_formula(text: str) -> bool:
    if text.startswith(("=", "@", "\t", "\r")):
        return True
    # "+49 203 …" and "-5" are numbers, also with a note ("+49 203 4711 (Mutter)"),
    # "- Hilfe bei …" is a list item; "+A1" and "+1+cmd|…" are formulas.
    return text.startswith(("+", "-")) and not (
        _NUMBER_LIKE.match(text)
        or (len(text) <= _NOTE_UP_TO and _NUMBER_WITH_NOTE.match(text))
        or text[1:2].isspace()
    )


def undefused(text: str) -> str:
    """A cell as an export wrote it: the apostrophe that kept Excel from running it goes."""
    return text[1:] if text.startswith("'") and text[1:2] in FORMULA_STARTS else text
