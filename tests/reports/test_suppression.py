"""Small-count suppression, checked with its own method: exact rational Gaussian elimination
over the equations an outsider knows (published cells and totals), independent of the
bridge argument the implementation uses."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lotse.reports.suppression import THRESHOLD, suppress


def _published(cells, result):
    """The augmented table as an outsider sees it: None where suppressed."""
    height, width = len(cells), len(cells[0])
    rows = []
    for i in range(height):
        row = [None if result.cells[i][j] else cells[i][j] for j in range(width)]
        row.append(None if result.row_totals[i] else sum(cells[i]))
        rows.append(row)
    last = [
        None if result.column_totals[j] else sum(cells[i][j] for i in range(height))
        for j in range(width)
    ]
    last.append(None if result.total else sum(map(sum, cells)))
    rows.append(last)
    return rows


def _rank(matrix):
    rows = [list(r) for r in matrix]
    rank = 0
    width = len(rows[0]) if rows else 0
    for col in range(width):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][col] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for r in range(len(rows)):
            if r != rank and rows[r][col] != 0:
                factor = rows[r][col] / rows[rank][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[rank], strict=True)]
        rank += 1
    return rank


def derivable_entries(published):
    """Suppressed entries whose value follows from the published ones: the unit vector of
    the entry lies in the row space of the equations restricted to the unknowns."""
    height, width = len(published), len(published[0])
    unknowns = [(i, j) for i in range(height) for j in range(width) if published[i][j] is None]
    if not unknowns:
        return []
    index = {entry: k for k, entry in enumerate(unknowns)}
    equations = []
    # Each row: cells minus the row total is zero; each column likewise.
    for i in range(height):
        coeffs = [Fraction(0)] * len(unknowns)
        for j in range(width):
            if (i, j) in index:
                coeffs[index[(i, j)]] = Fraction(-1 if j == width - 1 else 1)
        equations.append(coeffs)
    for j in range(width):
        coeffs = [Fraction(0)] * len(unknowns)
        for i in range(height):
            if (i, j) in index:
                coeffs[index[(i, j)]] = Fraction(-1 if i == height - 1 else 1)
        equations.append(coeffs)
    base = _rank(equations)
    found = []
    for entry, k in index.items():
        unit = [Fraction(0)] * len(unknowns)
        unit[k] = Fraction(1)
        if _rank([*equations, unit]) == base:
            found.append(entry)
    return found


small_heavy = st.one_of(st.integers(0, 6), st.integers(0, 60))
tables = st.integers(1, 6).flatmap(
    lambda height: st.integers(1, 6).flatmap(
        lambda width: st.lists(
            st.lists(small_heavy, min_size=width, max_size=width),
            min_size=height,
            max_size=height,
        )
    )
)


@settings(max_examples=300, deadline=None)
@given(tables)
def test_suppression_publishes_no_small_and_no_derivable_count(cells):
    result = suppress(cells)
    published = _published(cells, result)
    for row in published:
        for value in row:
            assert value is None or not (0 < value < THRESHOLD)
    assert derivable_entries(published) == []


@settings(max_examples=100, deadline=None)
@given(st.lists(small_heavy, min_size=1, max_size=8), st.booleans())
def test_suppression_protects_one_row_and_one_column_tables(values, as_row):
    cells = [values] if as_row else [[v] for v in values]
    published = _published(cells, suppress(cells))
    assert derivable_entries(published) == []


def test_suppression_never_hides_zeros():
    result = suppress([[0, 3], [0, 20], [0, 30]])
    assert [row[0] for row in result.cells] == [False, False, False]
    assert result.cells[0][1]


def test_suppression_leaves_large_tables_alone():
    result = suppress([[10, 20], [30, 40]])
    assert not any(map(any, result.cells))
    assert not any(result.row_totals)
    assert not any(result.column_totals)
    assert not result.total


def test_suppression_adds_a_second_cell_in_a_row_with_one_small_count():
    # The cheapest rectangle through the 3: 3, 20, 12, 7 (39 persons) rather than 3, 10,
    # 12, 30 (52 persons).
    result = suppress([[3, 10, 20], [12, 30, 7]])
    assert result.cells == [[True, False, True], [True, False, True]]
    assert not any(result.row_totals)


def test_suppression_two_small_cells_in_one_row_only_are_not_enough():
    # 2 and 3 in one row: each alone in its column, so the column totals would reveal them.
    cells = [[2, 3, 50], [40, 60, 70]]
    published = _published(cells, suppress(cells))
    assert derivable_entries(published) == []
    assert sum(v is None for v in published[1]) >= 2


def test_suppression_checker_finds_a_lone_suppressed_cell():
    published = [[None, 10, 13], [12, 30, 42], [15, 40, 55]]
    assert derivable_entries(published) == [(0, 0)]


def test_suppression_refuses_an_empty_table():
    with pytest.raises(ValueError, match="at least one row"):
        suppress([])
