"""Small-count suppression of a two-way table with its row, column and grand totals.

Pure Python, no Django: the state report and its tests use it, and the property test checks
its result with an independent method (exact linear algebra).

The idea. Write the table with its totals as an augmented (m+1)×(n+1) table: the last
column holds the row totals, the last row the column totals, the corner the grand total.
Every row and every column of it then satisfies one linear equation ("the cells add up to
the total"). Publishing some entries and suppressing others leaves a system of equations
in the suppressed entries; an entry can be computed back exactly iff its edge is a *bridge*
in the bipartite graph rows–columns whose edges are the suppressed entries (entries on a
cycle can all be shifted by +d, −d, +d, … around the cycle without changing any sum). So:

1. primary suppression: every entry (cells and totals) with 1–4 persons;
2. secondary suppression: while a suppressed entry is a bridge, close a cycle through it
   along the cheapest path of entries that are suppressed already (free) or non-zero
   (cost = value, totals much dearer than cells, so inner cells are preferred).

Zeros are never suppressed: a zero is public (it reveals no person) and, being known,
cannot hide anything either. A cycle always exists: a non-zero cell (i, j) has a non-zero
row total, column total and grand total, which close the cycle (i, j) → total.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

THRESHOLD = 5  # counts 1 … THRESHOLD-1 are suppressed
# Suppressing a total costs more than any cell, so totals go only when cells cannot do it.
TOTAL_PENALTY = 10**9
# Each extra suppressed entry costs a little on top of its value: fewer entries win ties.
ENTRY_COST = 1


@dataclass(frozen=True)
class Suppressed:
    """Which entries of a table may not be published."""

    cells: list[list[bool]]
    row_totals: list[bool]
    column_totals: list[bool]
    total: bool


def is_small(value: int, threshold: int = THRESHOLD) -> bool:
    return 0 < value < threshold


def augmented(cells: Sequence[Sequence[int]]) -> list[list[int]]:
    """The table with a row-total column and a column-total row (corner: grand total)."""
    rows = [[*row, sum(row)] for row in cells]
    width = len(rows[0]) if rows else 1
    rows.append([sum(row[j] for row in rows) for j in range(width)])
    return rows


def _edges(marked: set[tuple[int, int]]) -> dict[tuple[str, int], set[tuple[str, int]]]:
    graph: dict[tuple[str, int], set[tuple[str, int]]] = defaultdict(set)
    for i, j in marked:
        graph[("r", i)].add(("c", j))
        graph[("c", j)].add(("r", i))
    return graph


def _connected_without(
    graph: dict[tuple[str, int], set[tuple[str, int]]],
    start: tuple[str, int],
    goal: tuple[str, int],
) -> bool:
    """Is ``goal`` reachable from ``start`` without the direct edge between them?"""
    seen = {start}
    stack = [n for n in graph[start] if n != goal]
    seen.update(stack)
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        for nxt in graph[node]:
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return False


def bridges(marked: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """The suppressed entries that could be computed back from the published ones."""
    graph = _edges(marked)
    return sorted(e for e in marked if not _connected_without(graph, ("r", e[0]), ("c", e[1])))


def _cheapest_cycle(
    table: list[list[int]], marked: set[tuple[int, int]], bridge: tuple[int, int]
) -> list[tuple[int, int]]:
    """Entries to suppress so that ``bridge`` lies on a cycle: a cheapest path from its
    column back to its row, over suppressed entries (free) and non-zero ones."""
    height, width = len(table), len(table[0])
    last_row, last_col = height - 1, width - 1

    def cost(i: int, j: int) -> int:
        if (i, j) in marked:
            return 0
        penalty = TOTAL_PENALTY if i == last_row or j == last_col else 0
        return table[i][j] + ENTRY_COST + penalty

    start: tuple[str, int] = ("c", bridge[1])
    goal: tuple[str, int] = ("r", bridge[0])
    best: dict[tuple[str, int], int] = {start: 0}
    came: dict[tuple[str, int], tuple[tuple[str, int], tuple[int, int]]] = {}
    queue: list[tuple[int, tuple[str, int]]] = [(0, start)]
    while queue:
        dist, node = heapq.heappop(queue)
        if node == goal:
            break
        if dist > best.get(node, dist):
            continue
        kind, index = node
        neighbours = (
            [(("r", i), (i, index)) for i in range(height)]
            if kind == "c"
            else [(("c", j), (index, j)) for j in range(width)]
        )
        for nxt, entry in neighbours:
            if entry == bridge:
                continue
            i, j = entry
            if table[i][j] == 0 and entry not in marked:
                continue
            new = dist + cost(i, j)
            if new < best.get(nxt, new + 1):
                best[nxt] = new
                came[nxt] = (node, entry)
                heapq.heappush(queue, (new, nxt))
    if goal not in came:  # pragma: no cover  (a cycle always exists, see the module doc)
        raise RuntimeError("no complementary suppression found")
    path = []
    node = goal
    while node != start:
        node, entry = came[node]
        path.append(entry)
    return [e for e in path if e not in marked]


def suppress(cells: Sequence[Sequence[int]], threshold: int = THRESHOLD) -> Suppressed:
    """Decide which cells and totals of a table (non-negative counts, at least 1×1) must be
    suppressed so that no count 1…threshold-1 is published or can be computed back from
    the published cells and totals."""
    if not cells or not cells[0]:
        raise ValueError("a table has at least one row and one column")
    table = augmented(cells)
    marked = {
        (i, j)
        for i, row in enumerate(table)
        for j, value in enumerate(row)
        if is_small(value, threshold)
    }
    while True:
        open_bridges = bridges(marked)
        if not open_bridges:
            break
        marked.update(_cheapest_cycle(table, marked, open_bridges[0]))
    height, width = len(cells), len(cells[0])
    return Suppressed(
        cells=[[(i, j) in marked for j in range(width)] for i in range(height)],
        row_totals=[(i, width) in marked for i in range(height)],
        column_totals=[(height, j) in marked for j in range(width)],
        total=(height, width) in marked,
    )
