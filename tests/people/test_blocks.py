"""The blocks of the bulk detection and of an import: ``block_keys`` and ``block_pairs``
make, as arrays, every pair of records that shares a blocking key. Here the keys are
written plainly as text and tuples, and the pairs found by looking at every block."""

import datetime as dt
import itertools
from collections import defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lotse.people import duplicates, matching
from lotse.people.names import skeleton
from lotse.people.reach import Vocabulary

NAMES = ["", "io", "ion", "ioan", "popescu", "popesku", "mohammed", "muhammad", "al hassan"]
DAYS = [dt.date(1990, 3, 4), dt.date(1990, 4, 3), dt.date(1991, 3, 4)]

records = st.builds(
    matching.Record,
    given=st.sampled_from(NAMES),
    family=st.sampled_from(NAMES),
    birth_date=st.one_of(st.none(), st.sampled_from(DAYS)),
    birth_precision=st.sampled_from(["day", "year"]),
    street=st.sampled_from(["", "weg 1", "weg 2", "12", "hauptstr"]),
    postcode=st.sampled_from(["", "47051", "47052"]),
)


def _plain_keys(record):
    """A record's keys by kind, as the docstring of ``block_keys`` describes them."""
    given, family = skeleton(record.given), skeleton(record.family)
    birth = record.birth_date
    day = birth if birth and record.birth_precision == "day" else None
    keys = [set() for _kind in range(duplicates.KINDS)]
    if given and family:
        keys[0].add(frozenset((given, family)))
    if birth:
        keys[1].update((sound, birth.year) for sound in (given, family) if sound)
    if day:
        keys[2].update((day, name[:1]) for name in (record.given, record.family) if name)
        keys[5].add(day)
    if len(record.given) >= 3 and len(record.family) >= 3:
        keys[3].add(frozenset((record.given[:3], record.family[:3])))
    if family and record.postcode:
        keys[4].add((family, record.postcode))
    if duplicates.is_house(record.street):
        keys[6].add((record.street, record.postcode))
    return keys


def _plain_pairs(records, only_with, max_block):
    pairs, skipped = set(), 0
    for kind in range(duplicates.KINDS):
        blocks = defaultdict(list)
        for index, record in enumerate(records):
            for key in _plain_keys(record)[kind]:
                blocks[key].append(index)
        for members in blocks.values():
            if only_with is not None and not only_with.intersection(members):
                continue
            if len(members) > max_block:
                skipped += 1
                continue
            pairs.update(
                (i, j)
                for i, j in itertools.combinations(members, 2)
                if only_with is None or i in only_with or j in only_with
            )
    return pairs, skipped


@settings(max_examples=300, deadline=None)
@given(
    records=st.lists(records, max_size=40),
    new=st.sets(st.integers(0, 39)),
    all_new=st.booleans(),
    max_block=st.sampled_from([3, 6, 100]),
)
def test_the_pairs_of_the_blocks_are_those_that_share_a_key(records, new, all_new, max_block):
    only_with = None if all_new else {index for index in new if index < len(records)}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(duplicates, "MAX_BLOCK", max_block)
        first, second, skipped = duplicates.block_pairs(
            duplicates.block_keys(records), len(records), only_with
        )
    pairs = list(zip(first.tolist(), second.tolist(), strict=True))
    assert pairs == sorted(set(pairs))  # each pair once, in order, the first one first
    assert all(i < j for i, j in pairs)
    assert (set(pairs), skipped) == _plain_pairs(records, only_with, max_block)


def test_blocks_in_numbers():
    """Ion Popescu meets Ion Popesku (name and year), Popescu Ion (both names, either order)
    and the woman born on his day with his initial, not Ana Haddad born elsewhen."""
    day = dt.date(1985, 4, 2)
    records = [
        matching.Record("ion", "popescu", birth_date=day),
        matching.Record("ion", "popesku", birth_date=dt.date(1985, 1, 1), birth_precision="year"),
        matching.Record("popescu", "ion", birth_date=dt.date(1985, 2, 4)),
        matching.Record("irina", "moldovan", birth_date=day),
        matching.Record("ana", "haddad", birth_date=dt.date(1970, 1, 1)),
    ]
    first, second, skipped = duplicates.block_pairs(duplicates.block_keys(records), 5)
    assert list(zip(first.tolist(), second.tolist(), strict=True)) == [
        (0, 1),
        (0, 2),
        (0, 3),
        (1, 2),
    ]
    assert skipped == 0


@pytest.mark.parametrize("new", [None, {120}])
def test_a_person_under_another_name_is_no_second_member_of_a_block(new):
    """Sixty residents of a shelter, each also under another name, and a newcomer: the
    house's block holds 61 persons (under 100), not 121 records, so its pairs are made;
    counted as records it would be too large and left out."""
    residents = [
        matching.Record(
            f"g{n}x",
            f"f{n}y",
            birth_date=dt.date(1950 + n, 1 + n % 12, 1 + n % 28),
            street="am hafen 1",
            postcode="47119",
        )
        for n in range(60)
    ]
    records = [
        *residents,
        *(r._replace(family=f"m{n}z") for n, r in enumerate(residents)),
        matching.Record("oxana", "kovaltchouk", street="am hafen 1", postcode="47119"),
    ]
    keys = duplicates.block_keys(records, Vocabulary().code(records))
    first, second, skipped = duplicates.block_pairs(keys, len(records), new, others=range(60, 120))
    pairs = set(zip(first.tolist(), second.tolist(), strict=True))
    assert skipped == 0
    assert {(n, 120) for n in range(60)} <= pairs
    first, second, skipped = duplicates.block_pairs(keys, len(records), new)
    assert skipped >= 1
    assert not {(n, 120) for n in range(60)} & set(
        zip(first.tolist(), second.tolist(), strict=True)
    )
