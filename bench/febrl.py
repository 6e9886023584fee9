"""Quality of the duplicate detection on the FEBRL benchmark data, beside a reference.

    .venv/bin/pip install -r requirements-bench.txt   # once: recordlinkage and its data
    .venv/bin/python bench/febrl.py

The FEBRL data sets ship inside the ``recordlinkage`` package; nobody here wrote them:
febrl3 (5,000 records with 6,538 true duplicate pairs) and febrl4 (two files of 5,000 with
5,000 true links). Lotse's matcher (``lotse.people.duplicates.find_pairs``, exactly the
code of the bulk detection, without labelled data) runs beside a reference pipeline built
with ``recordlinkage`` in the same run: sorted-neighbourhood blocking on the given name and
blocking on the date of birth and the family name, Jaro-Winkler comparisons, and the
unsupervised ECM classifier. Prints precision, recall, F1 and the time of each.

The social security number in FEBRL is not used by either: Lotse records none.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")


def _text(value: object) -> str:
    return (
        ""
        if value is None or (isinstance(value, float) and math.isnan(value))
        else str(value).strip()
    )


def _birth(value: str) -> tuple[dt.date | None, str]:
    try:
        return dt.datetime.strptime(value, "%Y%m%d").date(), "day"  # noqa: DTZ007
    except ValueError:
        if len(value) >= 4 and value[:4].isdigit() and 1800 < int(value[:4]) < 2100:
            return dt.date(int(value[:4]), 1, 1), "year"
        return None, "day"


def records_of(frame):  # type: ignore[no-untyped-def]
    from lotse.people import matching
    from lotse.people.names import name_key, skeleton_words

    records = []
    for row in frame.itertuples():
        given, family = _text(row.given_name), _text(row.surname)
        birth, precision = _birth(_text(row.date_of_birth))
        street = f"{_text(row.street_number)} {_text(row.address_1)}"
        records.append(
            matching.Record(
                given=name_key(given),
                family=name_key(family),
                skeletons=skeleton_words(given, family),
                birth_date=birth,
                birth_precision=precision,
                street=name_key(street),
                postcode=_text(row.postcode),
                city=name_key(_text(row.suburb)),
            )
        )
    return records


def quality(found: set[frozenset[str]], true: set[frozenset[str]]) -> tuple[float, float, float]:
    hits = len(found & true)
    precision = hits / len(found) if found else 0.0
    recall = hits / len(true) if true else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def lotse_dedup(frame) -> set[frozenset[str]]:  # type: ignore[no-untyped-def]
    from lotse.people.duplicates import find_pairs

    ids = list(frame.index)
    detection = find_pairs(records_of(frame))
    return {frozenset((ids[c.first], ids[c.second])) for c in detection.candidates}


def lotse_link(first, second) -> set[frozenset[str]]:  # type: ignore[no-untyped-def]
    """Linking two files: one detection over both, keeping pairs across the files."""
    import pandas as pd

    both = pd.concat([first, second])
    origin = dict.fromkeys(first.index, 0) | dict.fromkeys(second.index, 1)
    return {pair for pair in lotse_dedup(both) if len({origin[r] for r in pair}) == 2}


def _compare(indexer, left, right=None):  # type: ignore[no-untyped-def]
    import recordlinkage

    pairs = indexer.index(left) if right is None else indexer.index(left, right)
    compare = recordlinkage.Compare()
    compare.string("given_name", "given_name", method="jarowinkler", threshold=0.85)
    compare.string("surname", "surname", method="jarowinkler", threshold=0.85)
    compare.string("date_of_birth", "date_of_birth", method="levenshtein", threshold=0.85)
    compare.string("address_1", "address_1", method="jarowinkler", threshold=0.85)
    compare.exact("postcode", "postcode")
    compare.string("suburb", "suburb", method="jarowinkler", threshold=0.85)
    features = (
        compare.compute(pairs, left) if right is None else compare.compute(pairs, left, right)
    )
    classifier = recordlinkage.ECMClassifier(binarize=0.5)
    matches = classifier.fit_predict(features)
    return {frozenset(pair) for pair in matches}


def _indexer():  # type: ignore[no-untyped-def]
    import recordlinkage

    indexer = recordlinkage.Index()
    indexer.sortedneighbourhood("given_name", window=9)
    indexer.block("date_of_birth")
    indexer.block("surname")
    return indexer


def main() -> None:
    import django

    django.setup()
    from recordlinkage.datasets import load_febrl3, load_febrl4

    febrl3, links3 = load_febrl3(return_links=True)
    true3 = {frozenset(pair) for pair in links3}
    first, second, links4 = load_febrl4(return_links=True)
    true4 = {frozenset(pair) for pair in links4}
    print(f"{'data':8} {'pipeline':28} {'precision':>9} {'recall':>7} {'F1':>7} {'time':>8}")
    runs = [
        ("febrl3", "Lotse (no training data)", lambda: lotse_dedup(febrl3), true3),
        ("febrl3", "recordlinkage ECM", lambda: _compare(_indexer(), febrl3), true3),
        ("febrl4", "Lotse (no training data)", lambda: lotse_link(first, second), true4),
        ("febrl4", "recordlinkage ECM", lambda: _compare(_indexer(), first, second), true4),
    ]
    for data, name, run, true in runs:
        started = time.perf_counter()
        found = run()
        seconds = time.perf_counter() - started
        precision, recall, f1 = quality(found, true)
        print(f"{data:8} {name:28} {precision:9.4f} {recall:7.4f} {f1:7.4f} {seconds:7.1f}s")


if __name__ == "__main__":
    main()
