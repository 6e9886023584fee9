"""The known persons of an import coded as they are read (``loading.code_rows``), chosen
near the new rows by their codes (``loading._near_of``), and matched without a record made
of each (``loading.RecordsOf``, ``joined.Joined``, ``duplicates.find_pairs(coded=...)``):
the same as making every record and coding those."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pytest

from lotse.people import duplicates, loading, matching
from lotse.people.joined import Joined
from lotse.people.reach import Vocabulary

# RECORD_COLUMNS: id, given and family name key, birth date and precision, the household's
# street, postcode and city (None without a household), phone.
ROWS = [
    ("a", "fatima", "al hassan", dt.date(1990, 3, 4), "day", "Kastanienweg 3", "47051",
     "Duisburg", "+49 (203) 555-01"),
    ("b", "fatma", "alhasan", dt.date(1990, 3, 4), "day", "kastanienweg 3", "47051",
     "DUISBURG", ""),
    ("c", "ion", "popescu", dt.date(1985, 1, 1), "year", None, None, None, None),
    ("d", "ion", "popesku", None, "day", "Am Hof 1", "", "", "0203"),
    ("e", "", "", dt.date(2001, 12, 24), "month", "Am Hof 1", "", "Duisburg", "017012345"),
    ("f", "fatima", "al hassan", dt.date(1990, 3, 4), "day", "Kastanienweg 3", "47051",
     "Duisburg", "+49 (203) 555-01"),
]  # fmt: skip


def _texts_of(coded):
    """Each array of ``coded`` with the texts in place of their ids: what two codings with
    vocabularies of their own must agree on."""
    texts = np.array(coded.texts, dtype=object)
    return {
        f.name: (
            texts[getattr(coded, f.name)].tolist()
            if f.name in {"given", "family", "street", "postcode", "city", "phone"}
            else getattr(coded, f.name).tolist()
        )
        for f in dataclasses.fields(coded)
        if f.name != "texts"
    }


def test_rows_are_coded_as_their_records_are():
    vocabulary = Vocabulary()
    coded = loading.code_rows(vocabulary, ROWS)
    records = [loading.record_of_row(row) for row in ROWS]
    expected = Vocabulary().code(records)
    assert _texts_of(coded) == _texts_of(expected)
    # Texts are ids in the order first seen, as ``code`` gives them: the same ids.
    assert coded.given.tolist() == expected.given.tolist()
    assert coded.street.tolist() == expected.street.tolist()
    assert vocabulary.texts == expected.texts
    # What a record makes of a row: keys of street and city, digits of the phone.
    assert _texts_of(coded)["phone"][0] == "4920355501"
    assert _texts_of(coded)["street"][:3] == ["kastanienweg 3", "kastanienweg 3", ""]
    assert _texts_of(coded)["to_the_day"] == [True, True, False, False, False, True]


def test_no_rows_are_coded_as_no_records():
    coded = loading.code_rows(Vocabulary(), [])
    assert len(coded.given) == len(coded.ordinal) == 0


def test_records_of_rows_are_made_when_asked_for():
    records = loading.RecordsOf(ROWS)
    assert len(records) == len(ROWS)
    assert records[2] == loading.record_of_row(ROWS[2])
    assert records[2] is records[2]  # made once
    assert list(records[1:3]) == [loading.record_of_row(row) for row in ROWS[1:3]]
    with pytest.raises(IndexError):
        records[len(ROWS)]


def test_joined_sequences_read_as_one():
    joined = Joined([0, 1, 2], [], (3,), range(4, 7))
    assert len(joined) == 7
    assert list(joined) == list(range(7))
    assert [joined[index] for index in (0, 2, 3, 4, 6, -1, -7)] == [0, 2, 3, 4, 6, 6, 0]
    for start in range(8):
        for stop in range(start, 9):
            assert list(joined[start:stop]) == list(range(7))[start:stop]
    assert list(joined[:-2]) == [0, 1, 2, 3, 4]
    assert len(Joined()) == 0
    for index in (7, -8):
        with pytest.raises(IndexError):
            joined[index]
    with pytest.raises(ValueError, match="step"):
        joined[::2]


def _everyone():
    vocabulary = Vocabulary()
    return loading.Everyone(list(ROWS), vocabulary, loading.code_rows(vocabulary, ROWS))


def _chosen(new, *, given=(), family=(), postcodes=()):
    near = loading._near_of(
        _everyone(),
        new,
        given=list(given),
        family=list(family),
        postcodes=list(postcodes),
        share={},
        known=len(ROWS),
    )
    return near.pks.texts()


def test_the_persons_near_are_chosen_by_their_codes_as_the_database_chooses_them():
    nobody = matching.Record(
        "zoe", "zander", birth_date=dt.date(1970, 1, 1), birth_precision="year"
    )
    assert _chosen([nobody]) == []
    assert _chosen([nobody], given=["ion"]) == ["c", "d"]
    assert _chosen([nobody], family=["alhasan", "unknown key"]) == ["b"]
    born = matching.Record("zoe", "zander", birth_date=dt.date(1990, 3, 4))
    assert _chosen([born]) == ["a", "b", "f"]
    # Known only to the year, month or day, a date chooses nobody by itself.
    for precision in ("year", "month"):
        vague = matching.Record(
            "z", "z", birth_date=dt.date(2001, 12, 24), birth_precision=precision
        )
        assert _chosen([vague]) == []
    assert _chosen([nobody], postcodes=["47051"]) == ["a", "b", "f"]
    # The postcode "" of a house is a household's "" (d, e), never a person without one (c).
    assert _chosen([nobody], postcodes=[""]) == ["d", "e"]
    assert _chosen([nobody], given=["ion"], postcodes=["", "47051"]) == [
        "a",
        "b",
        "c",
        "d",
        "e",
        "f",
    ]


def test_the_persons_chosen_keep_their_codes_and_records():
    new = [matching.Record("fatma", "al hasan", birth_date=dt.date(1990, 3, 4))]
    near = loading._near_of(
        _everyone(), new, given=["ion"], family=[], postcodes=[], share={}, known=len(ROWS)
    )
    chosen = [ROWS[index] for index in (0, 1, 2, 3, 5)]
    assert near.rows == chosen
    assert list(near.records) == [loading.record_of_row(row) for row in chosen]
    _vocabulary, coded = near.coded
    assert _texts_of(coded) == _texts_of(Vocabulary().code(list(near.records)))
    assert near.population == len(ROWS) + 1


def test_pairs_from_coded_rows_are_those_from_records():
    """``find_pairs`` given the rows coded and records made only where compared finds what
    it finds from a record made of every row."""
    fatma = matching.Record(
        "fatma", "al hassan", birth_date=dt.date(1990, 3, 4), street="kastanienweg 3"
    )
    ion = matching.Record("ion", "popesku", birth_date=dt.date(1985, 1, 1), birth_precision="year")
    new = [fatma._replace(postcode="47051"), ion]
    vocabulary = Vocabulary()
    coded = loading.code_rows(vocabulary, ROWS).joined(vocabulary.code(new))
    lazy = Joined(loading.RecordsOf(ROWS), new)
    made = [*(loading.record_of_row(row) for row in ROWS), *new]
    only_with = set(range(len(ROWS), len(made)))
    expected = duplicates.find_pairs(made, only_with=only_with, share={})
    found = duplicates.find_pairs(lazy, only_with=only_with, share={}, coded=(vocabulary, coded))
    assert expected.candidates  # Fatima and Fatma are found
    assert found == expected
    # Under other names: the person's own records are those the weights come from.
    others = range(2, 4)
    expected = duplicates.find_pairs(made, only_with=only_with, share={}, others=others)
    found = duplicates.find_pairs(
        lazy, only_with=only_with, share={}, others=others, coded=(vocabulary, coded)
    )
    assert found == expected
