"""An import's rows and known persons under their other names (the name in its script, a
maiden name): the records of the new rows under the name in their script (``aliases_of``),
and the pairs found among persons, rows and those records told as pairs of persons and
rows (``as_persons``). A match under another name is never a certain one (decision 0012)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lotse.people import aliases, duplicates, matching
from lotse.people.import_writer import shown

if TYPE_CHECKING:
    from lotse.people.import_rows import Incoming


def aliases_of(
    fresh: list[Incoming], new: list[matching.Record]
) -> list[tuple[int, matching.Record]]:
    """The records of the new rows under the name in its script (``name_original``), each
    with its row's index, where the name's keys are not the row's own: "Олександр
    Шевченко" for a row written "Sascha Schewtschenko" is compared as "oleksandr
    shevchenko" too."""
    found = []
    for index, (row, record) in enumerate(zip(fresh, new, strict=True)):
        original = row.fields["name_original"]
        if original:
            for alias in aliases.records(record, original, "")[1:]:
                if (alias.given, alias.family) != (record.given, record.family):
                    found.append((index, alias))
    return found


def records_of(found: list[tuple[int, matching.Record]]) -> list[matching.Record]:
    """The records of ``aliases_of`` (or ``loading.Near.aliases``) without their indices."""
    return [alias for _index, alias in found]


def as_persons(
    detection: duplicates.Detection, known: int, owners: list[int]
) -> duplicates.Detection:
    """A detection over the known persons, the records under other names (``owners``: the
    person or new row of each, from index ``known`` on, as numbered among the persons and
    the new rows) and the new rows, as if over the persons and the new rows alone: a record
    under another name stands for its person or row, with the evidence saying so
    (``duplicates.by_other_name``); each pair once, with its best evidence, best first. A
    row and its own other name are no pair. Of evidence with the same score as the queue
    shows it (``import_writer.shown``), that under the own names comes first: a row written
    as a known person is written, whose name in its script reads otherwise
    ("Schewtschenko", "Шевченко"), scores all but 1 both ways and is linked as without it
    (found under another name, it never would be)."""
    others = len(owners)

    def under_other_name(candidate: duplicates.Candidate) -> bool:
        return any(known <= index < known + others for index in (candidate.first, candidate.second))

    def rank(candidate: duplicates.Candidate) -> tuple[float, bool, int, int]:
        score = -shown(candidate.evidence)
        return (score, under_other_name(candidate), candidate.first, candidate.second)

    found: dict[tuple[int, int], duplicates.Candidate] = {}
    for candidate in sorted(detection.candidates, key=rank):
        pair = []
        for index in (candidate.first, candidate.second):
            if index < known:
                pair.append(index)
            elif index < known + others:
                pair.append(owners[index - known])
            else:
                pair.append(index - others)
        first, second = sorted(pair)
        if first == second or (first, second) in found:
            continue
        evidence = candidate.evidence
        if under_other_name(candidate):
            evidence = duplicates.by_other_name(evidence)
        found[first, second] = duplicates.Candidate(first, second, evidence)
    candidates = sorted(found.values(), key=lambda c: (-c.evidence.score, c.first, c.second))
    return duplicates.Detection(candidates, detection.compared, detection.skipped_blocks)
