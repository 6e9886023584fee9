"""Reading uploaded CSV files (``lotse.core.tables``): quotes as Excel writes them, the
delimiter from the header, the code page, and files that are no CSV at all."""

import csv

import pytest
from django.utils import translation

from lotse.accounts.enums import Role
from lotse.core.codepages import misread
from lotse.core.tables import ImportFileError, is_formula, read_table
from lotse.people import imports
from lotse.people.models import Person
from tests.factories import make_user

HEADER = ["source", "external_id", "given_name", "family_name", "street"]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _file(*lines, delimiter=";", encoding="utf-8"):
    """A file as Excel writes it: CRLF line ends, the person header first."""
    text = "".join(f"{line}\r\n" for line in [delimiter.join(HEADER), *lines])
    return text.encode(encoding)


def _table(data, filename="persons.csv"):
    return read_table(filename, data, max_bytes=10 * 1024 * 1024, max_rows=10_000)


def _persons(data):
    """The rows the person import would write, by external id (all rows must be valid)."""
    incoming, report = imports.check_file("persons.csv", data)
    assert report.ok, report.errors
    return {row.external_id: row for row in incoming}


# ---------------------------------------------------------------- quotation marks

STRAY_QUOTE = _file(
    "jc;1;Ana;Pop;Weg 1", 'jc;2;Ion;Pop;"Weg 2', "jc;3;Eva;Pop;Weg 3", "jc;4;Max;Pop;Weg 4"
)


@pytest.mark.django_db
def test_a_stray_opening_quote_imports_nothing_and_names_its_row():
    manager = make_user(Role.CASE_MANAGER)
    with pytest.raises(ImportFileError, match=r'^Row 3: a cell begins with a quotation mark \("\)'):
        imports.import_persons(
            acting_user=manager,
            municipality=manager.membership.municipality,
            filename="persons.csv",
            data=STRAY_QUOTE,
        )
    assert Person.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "row"),
    [
        pytest.param(STRAY_QUOTE, 3, id="never closed"),
        pytest.param(
            _file("jc;1;Ana;Pop;Weg 1", 'jc;2;Ion;Pop;"Weg 2', 'jc;3;Eva;Pop;"Weg 3"'),
            3,
            id="closed rows later inside a cell",
        ),
        pytest.param(_file('jc;1;"Ana" Maria;Pop;Weg 1'), 2, id="closed before the cell ends"),
        pytest.param(
            _file("jc;1;Ana;Pop;Weg 1", 'jc;2;Ion;Pop;"Weg 2', *["jc;3;Eva;Pop;Weg 3" * 3] * 5000),
            3,
            id="never closed, more text after it than a cell may hold",
        ),
        pytest.param(
            _file('jc;1;Ana;Pop;"Weg 1\nHinterhaus"', 'jc;2;Ion;Pop;"Weg 2', "jc;3;Eva;Pop;W"),
            3,
            id="after a cell with a line break: the row as the spreadsheet counts it",
        ),
    ],
)
def test_a_quotation_mark_left_open_is_an_error_naming_its_row(data, row):
    with pytest.raises(ImportFileError, match=rf"^Row {row}: a cell begins with a quotation"):
        _table(data)


def test_a_quoted_cell_with_a_line_break_is_one_cell():
    """Excel quotes a cell with a line break in it; the rows after it are rows as before."""
    table = _table(_file('jc;1;Ana;Pop;"Weg 1\nHinterhaus"', "jc;2;Ion;Pop;Weg 2"))
    assert table[1:] == [
        ["jc", "1", "Ana", "Pop", "Weg 1\nHinterhaus"],
        ["jc", "2", "Ion", "Pop", "Weg 2"],
    ]
    assert table.numbers == [1, 2, 3]


def test_a_quotation_mark_inside_an_unquoted_cell_is_text():
    table = _table(_file('jc;1;Ana;Pop;Am "Alten" Markt 3', 'jc;2;Ion;Pop;12" Zoll'))
    assert [row[4] for row in table[1:]] == ['Am "Alten" Markt 3', '12" Zoll']


@pytest.mark.parametrize("delimiter", [";", ","])
@pytest.mark.parametrize("city", ["Duisburg", ""])
def test_doubled_quotes_in_a_cell_with_the_delimiter_are_read_as_excel_writes_them(delimiter, city):
    street = f'Am "Alten" Markt{delimiter} 3'
    quoted = '"' + street.replace('"', '""') + '"'
    header = delimiter.join([*HEADER, "city"])
    cells = delimiter.join(["jc", "1", "Ana", "Pop", quoted, city])
    row = _persons(f"{header}\r\n{cells}\r\n".encode())["1"]
    assert (row.street, row.city) == (street, city)


# ---------------------------------------------------------------- the delimiter


@pytest.mark.parametrize("delimiter", [",", "\t"])
def test_a_file_with_crlf_and_a_quoted_last_cell_holding_the_delimiter_is_read(delimiter):
    data = _file(
        delimiter.join(["jc", "1", "Ana", "Pop", f'"Weg 1{delimiter} Hinterhaus"']),
        delimiter.join(["jc", "2", "Ion", "Pop", f'"Weg 2{delimiter} 2. OG"']),
        delimiter=delimiter,
    )
    persons = _persons(data)
    assert (persons["1"].street, persons["2"].street) == (
        f"Weg 1{delimiter} Hinterhaus",
        f"Weg 2{delimiter} 2. OG",
    )


def test_reading_leaves_the_excel_dialect_of_the_csv_module_alone():
    """Other code of the process (the exports) writes with ``csv.excel``."""
    table = _table(_file('jc,1,Ana,Pop,"Weg 1, Hinterhaus"', delimiter=","))
    assert table[0] == HEADER
    assert csv.excel.delimiter == ","


DELIMITERS = [";", ",", "\t", "|"]


@pytest.mark.parametrize("delimiter", DELIMITERS)
def test_the_delimiter_is_the_one_that_splits_the_header_into_the_most_cells(delimiter):
    """Data rows may hold every delimiter in a quoted cell and the others in any cell, and
    the header may come after an empty line."""
    others = "".join(other for other in DELIMITERS if other != delimiter)
    cells = ["jc", "1", f"Ana{others}", "Pop", f"Weg 1 {''.join(DELIMITERS)}"]
    row = delimiter.join([*cells[:4], f'"{cells[4]}"'])
    assert _table(b"\r\n" + _file(row, delimiter=delimiter))[1:] == [cells]


# ---------------------------------------------------------------- code pages

WESTERN_NAMES = [
    ("Jana", "Novotný", "Hlavní 3"),
    ("Petr", "Veselý", ""),
    ("Tomáš", "Malý", ""),
    ("Guðrún", "Sigurðardóttir", "Þórsgata 5"),
    ("Eyþór", "Þórðarson", ""),
    ("María José", "Pérez", "Calle Nº 5, 2ª planta"),
    ("João", "Conceição", "Rua Augusta 1ºB, 3ºEsq"),
]


def test_names_of_other_languages_written_in_windows_1252_are_read():
    """Czech, Icelandic and Spanish names use letters (ý ð þ Þ) and signs (º ª) that
    Turkish and Central European letters become in another code page; they are read."""
    rows = [f"jc;{n};{g};{f};{s}" for n, (g, f, s) in enumerate(WESTERN_NAMES, start=1)]
    persons = _persons(_file(*rows, encoding="cp1252"))
    read = [persons[str(n)] for n in range(1, len(WESTERN_NAMES) + 1)]
    assert [(p.fields["given_name"], p.fields["family_name"], p.street) for p in read] == (
        WESTERN_NAMES
    )


@pytest.mark.parametrize(
    ("given", "family", "encoding"),
    [
        ("Иван", "Сидоров", "cp1251"),
        ("Ли", "Александрова", "cp1251"),
        ("Ayşe", "Ağaoğlu", "cp1254"),
        ("İbrahim", "Yılmaz", "cp1254"),
        ("Şahin", "Kılıç", "cp1254"),
        ("Gülşen", "Karaoğlu", "cp1254"),
        ("Michał", "Wałęsa", "cp1250"),
        ("Ştefan", "Mureşan", "cp1250"),
    ],
)
def test_names_of_another_code_page_read_as_windows_1252_are_refused(given, family, encoding):
    data = _file(f"jc;1;{given};{family};", encoding=encoding)
    with pytest.raises(ImportFileError, match="another encoding"):
        _table(data)


# ---------------------------------------------------------------- other files


def test_a_cell_longer_than_the_limit_is_reported_in_the_words_of_the_page():
    limit = csv.field_size_limit()
    with pytest.raises(ImportFileError) as refused:
        _table(_file("jc;1;Ana;Pop;" + "x" * (limit + 1)))
    assert str(refused.value) == f"Row 2 has a cell of more than {limit} characters."


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(
            bytes.fromhex("d0cf11e0a1b11ae1")
            + bytes(16)
            + bytes.fromhex("3e000300feff0900")
            + bytes(480),
            id="header sector of a real XLS file, mostly NUL bytes",
        ),
        pytest.param(
            bytes.fromhex("d0cf11e0a1b11ae1") + bytes(range(1, 256)) * 4, id="no NUL bytes"
        ),
    ],
)
def test_an_xls_workbook_is_refused_with_a_hint_to_save_it_as_xlsx_or_csv(data):
    with pytest.raises(ImportFileError, match=r"old format \(XLS\).*Save it as XLSX .* or as CSV"):
        _table(data, filename="persons.xls")


def test_a_utf_16_file_is_no_text_rather_than_another_code_page():
    with pytest.raises(ImportFileError, match="not a text file"):
        _table(";".join(HEADER).encode("utf-16"))


def test_long_cells_are_looked_at_once():
    """A cell of 32,000 characters of a phone number's signs, and a word of 40,000 signs:
    each is looked at in one pass (the first took 11 s, the second 60 s, before)."""
    assert is_formula("+" + "1 " * 16_000 + "!")
    assert not is_formula("+49 203 4711 (Mutter)")
    assert not misread("a" + "²" * 40_000)
    assert misread("Wa³êsa " + "x" * 40_000)
