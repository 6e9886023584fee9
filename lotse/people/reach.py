"""Whether pairs of records could reach a score at all: a cheap upper bound of
``matching.compare``, worked out for many pairs at once.

The bulk detection and the import meet hundreds of thousands, at a million persons many
millions, of pairs in their blocks, and almost none of them are one person. ``Reach`` tells
those apart from what is cheap to know (the best level each name could match at, the date
of birth, the place) before ``compare`` weighs the names. See
docs/decisions/0012-name-matching.md and 0019-array-bound.md.

The records become columns of numbers (``Reach.columns``: every text an id, the weights of
each name by level, the parts of the date of birth), and the bound is summed for all pairs
with array operations (numpy). What needs the texts themselves (the level two names could
match at, two streets, two postcodes or cities) is worked out once per distinct pair of
values, not per pair of records, and only for the pairs still in question: the cheap
parts come first.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import JaroWinkler, Prefix
from rapidfuzz.process import cpdist

from lotse.people.matching import (
    BIRTH_DIFFERENT,
    HOUSEHOLD_PLACE,
    SAME_STREET,
    STREET,
    SWAPPED_NAMES,
    TYPO,
    WEIGHTS,
    Calibration,
    Record,
    birth_weight,
    city_weight,
    field_skeletons,
    field_weight,
    has_street_name,
    name_words,
    postcode_weight,
    street_parts,
)

MISSING = 3  # a level for an empty name field: it adds nothing (``matching._name_weight``)
_SHIFT = 32  # a pair of ids as one number: first << _SHIFT | second
_CHUNK = 200_000  # pairs of names compared at once (memory)
_MARGIN = 1e-9  # below what the names must add: a pair at the edge is never left out early

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]


class Vocabulary:
    """Texts as ids (``texts[id]``), in the order first seen. Many records share a name, a
    street or a city: what is derived from a text is worked out once per distinct text
    (``derived``, ``derived_ids``) and spread to the records with arrays."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.texts: list[str] = []

    def ids_of(self, values: Sequence[str]) -> Ints:
        """The id of each value (new ones added)."""
        known, texts = self.ids, self.texts
        for text in dict.fromkeys(values):
            if text not in known:
                known[text] = len(texts)
                texts.append(text)
        return np.fromiter(map(known.__getitem__, values), np.int64, len(values))

    def derived_ids(self, ids: Ints, part: Callable[[str], str]) -> Ints:
        """The id of the text ``part`` of the text of each id (new ones added), worked out
        once per distinct id."""
        distinct = present(ids, len(self.texts))
        found = self.ids_of([part(self.texts[text]) for text in distinct.tolist()])
        table = np.zeros(len(self.texts), np.int64)
        table[distinct] = found
        return table[ids]

    def code(self, records: Sequence[Record]) -> Coded:
        """The records' texts as ids, their dates of birth as numbers."""
        size = len(records)
        columns = list(zip(*records, strict=True)) if records else [()] * len(Record._fields)
        given, family, _skeletons, births, precisions, street, postcode, city, phone = columns
        distinct_births = dict.fromkeys(births)
        ordinals = {birth: birth.toordinal() if birth else 0 for birth in distinct_births}
        ordinal = np.fromiter(map(ordinals.__getitem__, births), np.int64, size)
        born = ordinal > 0  # a date's ordinal is 1 at least
        return Coded(
            texts=self.texts,
            given=self.ids_of(given),
            family=self.ids_of(family),
            born=born,
            to_the_day=born & np.fromiter(map("day".__eq__, precisions), bool, size),
            ordinal=ordinal,
            street=self.ids_of(street),
            postcode=self.ids_of(postcode),
            city=self.ids_of(city),
            phone=self.ids_of(phone),
        )


@dataclass(frozen=True)
class Coded:
    """Records as arrays, one entry per record, their texts as ids of one ``Vocabulary``
    (``texts``): what the blocks (``duplicates.block_keys``) and the bound
    (``Reach.columns``) are both made from, read from the records once."""

    texts: list[str]
    given: Ints
    family: Ints
    born: Bools  # a date of birth is known
    to_the_day: Bools  # and known to the day
    ordinal: Ints  # the date of birth's (``date.toordinal``); 0 for none
    street: Ints
    postcode: Ints
    city: Ints
    phone: Ints

    @functools.cached_property
    def dates(self) -> tuple[Ints, Ints, Ints]:
        """Year, month and day of each date of birth (1, 1, 1 for none)."""
        days = (np.maximum(self.ordinal, 1) - _EPOCH).astype("datetime64[D]")
        months = days.astype("datetime64[M]")
        year = months.astype("datetime64[Y]").astype(np.int64) + 1970
        month = months.astype(np.int64) % 12 + 1
        day = (days - months).astype(np.int64) + 1
        return year, month, day


_EPOCH = dt.date(1970, 1, 1).toordinal()  # datetime64 counts days from here


def present(ids: Ints, size: int) -> Ints:
    """The distinct ids (of ``size`` texts), in order: counted rather than sorted, as the
    ids are small numbers and there may be millions of them."""
    return np.flatnonzero(np.bincount(ids, minlength=size))


def derived(texts: list[str], ids: Ints, part: Callable[[str], Any], dtype: Any = np.int64) -> Any:
    """``part`` of the text of each id (of ``texts``), worked out once per distinct id."""
    distinct = present(ids, len(texts))
    table = np.zeros(len(texts), dtype)
    table[distinct] = np.fromiter(
        (part(texts[text]) for text in distinct.tolist()), dtype, len(distinct)
    )
    return table[ids]


@dataclass(frozen=True)
class Columns:
    """Records as arrays (one entry per record): texts as ids of ``Reach.texts`` (-1 for
    none), what each name field adds at each level, the date of birth in parts."""

    given: Ints
    family: Ints
    given_weights: Floats  # (records, 4): the given name's weight at level 0, 1, 2, MISSING
    family_weights: Floats
    born: Bools  # a date of birth is known
    to_the_day: Bools
    year: Ints
    month: Ints
    day: Ints
    ordinal: Ints
    phone: Ints  # -1 for a number shorter than 6 digits
    street: Ints
    street_named: Bools
    street_name: Ints  # the words of a street (``matching.street_parts``)
    street_number: Ints  # its house numbers
    postcode: Ints
    city: Ints


class Reach:
    """``reach.select(columns, first, second)``: the pairs (``first[k]``, ``second[k]``) of
    records that could reach the evidence ``weight`` that ``compare`` sums with ``share`` and
    ``calibration``; never leaves out a pair that ``compare`` gives at least that weight
    (tests/people/test_matching_bound.py)."""

    def __init__(
        self,
        weight: float,
        share: Mapping[str, float] | None = None,
        calibration: Calibration | None = None,
        *,
        vocabulary: Vocabulary | None = None,
    ) -> None:
        self.weight = weight
        self.share = share
        self.calibration = calibration
        if calibration is None:
            self.street, different = STREET[1], BIRTH_DIFFERENT[1]
        else:
            self.street, different = calibration.street, calibration.birth_different
        self.births = {
            relation: birth_weight(relation, different)
            for relation in ("", "date", "swapped", "digit", "year", "different")
        }
        self.vocabulary = Vocabulary() if vocabulary is None else vocabulary
        self.texts = self.vocabulary.texts
        self.names = _Names(self.texts)

    def code(self, records: Sequence[Record]) -> Coded:
        """The records as arrays, their texts as ids of this bound's ``texts``."""
        return self.vocabulary.code(records)

    def _kept(self, ids: Ints, keep: Callable[[str], bool] = bool) -> Ints:
        """``ids``, -1 where the text is not kept (by default: an empty one)."""
        return np.where(derived(self.texts, ids, keep, bool), ids, -1)

    def columns(self, records: Sequence[Record], coded: Coded | None = None) -> Columns:
        """The records as the bound's arrays; ``coded``: the records as this bound's
        ``code`` gave them, if it did (the blocks are made from them too)."""
        c = self.code(records) if coded is None else coded
        if c.texts is not self.texts:
            raise ValueError("records coded with another bound's texts")
        self.names.add(present(np.concatenate((c.given, c.family)), len(self.texts)))
        year, month, day = c.dates
        return Columns(
            given=c.given,
            family=c.family,
            given_weights=self._weights("given", c.given),
            family_weights=self._weights("family", c.family),
            born=c.born,
            to_the_day=c.to_the_day,
            year=year,
            month=month,
            day=day,
            ordinal=c.ordinal,
            phone=self._kept(c.phone, lambda phone: len(phone) >= 6),
            street=self._kept(c.street),
            street_named=derived(self.texts, c.street, has_street_name, bool),
            street_name=self.vocabulary.derived_ids(
                c.street, lambda street: street_parts(street)[0]
            ),
            street_number=self.vocabulary.derived_ids(
                c.street, lambda street: street_parts(street)[1]
            ),
            postcode=self._kept(c.postcode),
            city=self._kept(c.city),
        )

    def _weights(self, field_name: str, keys: Ints) -> Floats:
        """What each record's name field (an id) adds at level 0, 1, 2 and MISSING:
        (records, 4)."""
        distinct = present(keys, len(self.texts))
        table = np.zeros((len(self.texts), 4), np.float64)
        texts, share = self.texts, self.share
        table[distinct] = np.array(
            [
                [*(field_weight(field_name, level, texts[key], share) for level in range(3)), 0.0]
                if texts[key]
                else [0.0, 0.0, 0.0, 0.0]
                for key in distinct.tolist()
            ],
            np.float64,
        ).reshape(len(distinct), 4)
        return table[keys]

    def select(self, c: Columns, first: Ints, second: Ints) -> Ints:
        """The positions k of the pairs (``first[k]``, ``second[k]``) that could reach the
        weight, in order. The sums are those of ``compare``'s bound, in the same order of
        additions, so that a pair at the edge is decided as one pair alone would be."""
        a, b = first, second
        kept = np.arange(len(a))
        fixed = self._birth(c, a, b)
        fixed = fixed + np.where(
            (c.phone[a] >= 0) & (c.phone[a] == c.phone[b]), WEIGHTS["phone"][0], 0.0
        )
        # The place exactly (worked out once per distinct pair of texts: cheap), as much as
        # it may add to ``compare``'s weight, so that the names need add no more than they
        # must from the start.
        place = np.maximum(self._place(c, a, b), 0.0)
        # What the names must add (a hair less: the sums below are added in another order).
        needed = ((self.weight - fixed) - place) - _MARGIN
        given, family = c.given_weights, c.family_weights
        # Both names agreeing, in either order, fall short: nothing more to know.
        hope = ~(given[b, 0] + family[b, 0] < needed)
        kept, a, b = kept[hope], a[hope], b[hope]
        fixed, place, needed = fixed[hope], place[hope], needed[hope]
        names = np.maximum(
            self._order(c.given[a], c.family[a], b, c, needed),
            self._order(c.family[a], c.given[a], b, c, needed - SWAPPED_NAMES) + SWAPPED_NAMES,
        )
        hope = ~(names < needed)
        kept, fixed, place, names = kept[hope], fixed[hope], place[hope], names[hope]
        reach = (names + fixed) + place >= self.weight
        kept, fixed, place = kept[reach], fixed[reach], place[reach]
        if self.calibration is None or not kept.size:
            return kept
        # Where only the family name can agree, the place counts as a household's: the few
        # pairs left are bounded once more, with the names and the place together.
        together = self._names_and_place(
            c, first[kept], second[kept], place, self.calibration.related
        )
        return kept[~(together + fixed < self.weight - _MARGIN)]

    def _order(self, first: Ints, second: Ints, b: Ints, c: Columns, needed: Floats) -> Floats:
        """The most names ``first`` and ``second`` (ids) as given and family name can add
        against the records ``b`` (``compare_names`` in one order); ``-inf`` where they
        cannot add ``needed``. The family names' level only where it could matter."""
        given = c.given_weights[b, self.names.levels(first, c.given[b])]
        result = np.full(len(b), -np.inf)
        hope = np.flatnonzero(~(given + c.family_weights[b, 0] < needed))
        levels = self.names.levels(second[hope], c.family[b[hope]])
        result[hope] = given[hope] + c.family_weights[b[hope], levels]
        return result

    def _names_and_place(
        self, c: Columns, a: Ints, b: Ints, place: Floats, related: float
    ) -> Floats:
        """The most names and place can add together in ``compare``: where the names match
        as relatives' do (only the family name agrees, ``compare_names``'s "family"), the
        place adds no more than a household's (as far as ``related``, the calibration's,
        says relatives live together). Every level each name could match at
        (``_Names.levels`` or worse) is tried, in both orders; ``place``: the most the
        place adds otherwise."""
        household = place - np.maximum(place - HOUSEHOLD_PLACE, 0.0) * related
        given_weights, family_weights = c.given_weights[b], c.family_weights[b]
        best = np.full(len(a), -np.inf)
        for given_a, family_a, swapped in ((c.given, c.family, False), (c.family, c.given, True)):
            given_level = self.names.levels(given_a[a], c.given[b])
            family_level = self.names.levels(family_a[a], c.family[b])
            for given, family in itertools.product(range(MISSING + 1), repeat=2):
                possible = _could_be(given_level, given) & _could_be(family_level, family)
                relatives = (given == 2 and family < 2) or (swapped and (given, family) == (0, 2))
                names = given_weights[:, given] + family_weights[:, family]
                if swapped:
                    names = names + SWAPPED_NAMES
                value = names + (household if relatives else place)
                best = np.where(possible, np.maximum(best, value), best)
        return best

    def _birth(self, c: Columns, a: Ints, b: Ints) -> Floats:
        """``birth_weight`` of ``birth_relation``, from the parts of the dates and, where
        one part differs, its digits."""
        births = self.births
        both = c.born[a] & c.born[b]
        to_the_day = both & c.to_the_day[a] & c.to_the_day[b]
        same_year = c.year[a] == c.year[b]
        weight = np.where(
            both & ~to_the_day,
            np.where(same_year, births["year"], births["different"]),
            births[""],
        )
        differ = (
            (c.year[a] != c.year[b]).astype(np.int64)
            + (c.month[a] != c.month[b])
            + (c.day[a] != c.day[b])
        )
        swapped = same_year & (c.day[a] == c.month[b]) & (c.month[a] == c.day[b])
        weight = np.where(
            to_the_day,
            np.where(
                differ == 0,
                births["date"],
                np.where(swapped & (differ > 1), births["swapped"], births["different"]),
            ),
            weight,
        )
        # One part differs (so not swapped): perhaps one digit typed wrong.
        one_apart = np.flatnonzero(to_the_day & (differ == 1))
        first, second = a[one_apart], b[one_apart]
        typo = (
            _digit_apart(c.year[first], c.year[second], 4)
            | _digit_apart(c.month[first], c.month[second], 2)
            | _digit_apart(c.day[first], c.day[second], 2)
        )
        weight[one_apart] = np.where(typo, births["digit"], births["different"])
        return weight

    def _place(self, c: Columns, a: Ints, b: Ints) -> Floats:
        """``matching.place_weight`` of each pair."""
        weight = np.where(c.street_named[a] & c.street_named[b], self._streets(c, a, b), 0.0)
        for column, weigh in ((c.postcode, postcode_weight), (c.city, city_weight)):
            both = np.flatnonzero((column[a] >= 0) & (column[b] >= 0))
            part = np.zeros(len(a))
            part[both] = self._pairs(self._texts_of(weigh), column[a[both]], column[b[both]])
            weight = weight + part
        return weight

    def _texts_of(self, weigh: Callable[[str, str], float]) -> Callable[[int, int], float]:
        texts = self.texts
        return lambda first, second: weigh(texts[first], texts[second])

    def _streets(self, c: Columns, a: Ints, b: Ints) -> Floats:
        """``matching.street_weight``: the same house is the same street key, or the same
        house numbers and street names as similar as ``_same_street`` wants them."""
        same = c.street[a] == c.street[b]
        maybe = np.flatnonzero(~same & (c.street_number[a] == c.street_number[b]))
        if not maybe.size:
            return np.where(same, self.street, WEIGHTS["street"][2])
        one, other, inverse = _distinct(c.street_name[a[maybe]], c.street_name[b[maybe]])
        texts = self.texts
        first = [texts[text] for text in one.tolist()]
        second = [texts[text] for text in other.tolist()]
        same[maybe] = _similar(first, second, SAME_STREET)[inverse]
        return np.where(same, self.street, WEIGHTS["street"][2])

    @staticmethod
    def _pairs(value: Callable[[int, int], float], first: Ints, second: Ints) -> Floats:
        """``value(first[k], second[k])`` for every k, worked out once per distinct pair."""
        one, other, inverse = _distinct(first, second)
        values = np.fromiter(map(value, one.tolist(), other.tolist()), np.float64, len(one))
        return values[inverse]


class _Names:
    """The level (``best_level``) of many pairs of name fields at once. Each name field
    (an id of ``texts``) is known by the ids of its tokens and of its words; two fields
    share a token (level 0), or a word of one begins a word of the other or is as similar
    as a typo (level 1: the words compared with rapidfuzz's ``cpdist``), or neither (2).
    A pair with an empty field is at MISSING."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.vocabulary: dict[str, int] = {}  # tokens and words
        self.words: list[str] = []  # by id in the vocabulary (tokens too, unused)
        self.rows: dict[int, tuple[list[int], list[int]]] = {}  # text id: tokens, words
        self.tokens = np.full((0, 2), -1, np.int64)
        self.word_ids = np.full((0, 2), -1, np.int64)
        self.blank = np.zeros(0, bool)
        self.letters = np.zeros(0, np.int64)  # of each word (``_letter_sets``)
        self.lengths = np.zeros(0, np.int64)

    def _word(self, word: str) -> int:
        found = self.vocabulary.get(word)
        if found is None:
            found = self.vocabulary[word] = len(self.words)
            self.words.append(word)
        return found

    def add(self, ids: Ints) -> None:
        """Know the name fields ``ids`` (of ``texts``)."""
        new = [text for text in ids.tolist() if text not in self.rows]
        if not new:
            return
        for text in new:
            tokens, words = _tokens(self.texts[text]) if self.texts[text] else (frozenset(), ())
            self.rows[text] = (
                sorted(self._word(token) for token in tokens),
                [self._word(word) for word in words],
            )
        added = self.words[len(self.lengths) :]
        self.letters = np.concatenate((self.letters, _letter_sets(added)))
        self.lengths = np.concatenate((self.lengths, np.fromiter(map(len, added), np.int64)))
        size = len(self.texts)
        self.tokens = _table(self.rows, size, 0)
        self.word_ids = _table(self.rows, size, 1)
        self.blank = np.zeros(size, bool)
        self.blank[[text for text in self.rows if not self.texts[text]]] = True

    def levels(self, first: Ints, second: Ints) -> Ints:
        """The level of each pair of name fields (``first[k]``, ``second[k]``)."""
        one, other, inverse = _distinct(first, second)
        level = np.full(len(one), 2, np.int64)
        for start in range(0, len(one), _CHUNK):
            part = slice(start, start + _CHUNK)
            level[part] = self._levels(one[part], other[part])
        return level[inverse]

    def _levels(self, one: Ints, other: Ints) -> Ints:
        level = np.where(_any_shared(self.tokens, one, other), 0, 2)
        rest = np.flatnonzero(level == 2)
        pair, word_a, word_b = _entry_pairs(self.word_ids, one[rest], other[rest])
        level[rest[pair[self._near(word_a, word_b)]]] = 1
        level[self.blank[one] | self.blank[other]] = MISSING
        return level

    def _near(self, one: Ints, other: Ints) -> Bools:
        """Whether two words are near: one begins the other (two letters at least) or they
        are as similar as a typo (``_similar``). Only the pairs with letters enough in
        common (``_could_be_near``) are compared letter by letter, each distinct pair once:
        of the realistic import's 1,193,669 pairs of words 100,234, 87,114 distinct."""
        near = np.zeros(len(one), bool)
        maybe = np.flatnonzero(self._could_be_near(one, other))
        distinct_a, distinct_b, inverse = _distinct(one[maybe], other[maybe])
        near[maybe] = self._compared(distinct_a, distinct_b)[inverse]
        return near

    def _could_be_near(self, one: Ints, other: Ints) -> Bools:
        """False where two words (ids) cannot be near, from their letters alone.

        A word that begins the other has all its letters in it. Jaro-Winkler (rapidfuzz's,
        as ``matching`` compares) is at most the Jaro similarity J plus 0.4 of what J lacks
        (a common beginning of up to four letters, weighted 0.1 each), and J at most
        (m / |a| + m / |b| + 1) / 3, where m, the letters that match, are at most the
        letters of either word less those the other word lacks (each such letter is in it
        once at least). So a typo's similarity needs J ≥ (TYPO − 0.4) / 0.6 at most (0.75).
        An empty word is left to the comparison."""
        set_a, set_b = self.letters[one], self.letters[other]
        length_a, length_b = self.lengths[one], self.lengths[other]
        common = np.minimum(
            length_a - np.bitwise_count(set_a & ~set_b), length_b - np.bitwise_count(set_b & ~set_a)
        )
        shorter = np.minimum(length_a, length_b)
        jaro = (common / np.maximum(length_a, 1) + common / np.maximum(length_b, 1) + 1) / 3
        return (common >= shorter) | (0.6 * jaro + 0.4 >= TYPO - 1e-9) | (shorter == 0)

    def _compared(self, one: Ints, other: Ints) -> Bools:
        """``_near``, letter by letter (rapidfuzz's ``cpdist``)."""
        words = self.words
        first = [words[word] for word in one.tolist()]
        second = [words[word] for word in other.tolist()]
        prefix = cpdist(first, second, scorer=Prefix.similarity, dtype=np.int64)
        shorter = np.minimum(
            np.fromiter(map(len, first), np.int64, len(first)),
            np.fromiter(map(len, second), np.int64, len(second)),
        )
        return _similar(first, second, TYPO) | ((shorter >= 2) & (prefix.ravel() == shorter))


def _any_shared(table: Ints, one: Ints, other: Ints) -> Bools:
    """Whether the rows ``one[k]`` and ``other[k]`` of ``table`` (ids padded with -1 at the
    end) have an id in common. Most names have two tokens or fewer (a word and its
    skeleton): their first two columns are compared for all pairs, every column only for
    the pairs with a longer row."""
    a0, a1, b0, b1 = table[one, 0], table[one, 1], table[other, 0], table[other, 1]
    shared = (((a0 == b0) | (a0 == b1)) & (a0 >= 0)) | (((a1 == b0) | (a1 == b1)) & (a1 >= 0))
    if table.shape[1] > 2:
        wide = np.flatnonzero((table[one, 2] >= 0) | (table[other, 2] >= 0))
        rows_a, rows_b = table[one[wide]], table[other[wide]]
        shared[wide] = ((rows_a[:, :, None] == rows_b[:, None, :]) & (rows_a[:, :, None] >= 0)).any(
            axis=(1, 2)
        )
    return shared


def _entry_pairs(table: Ints, one: Ints, other: Ints) -> tuple[Ints, Ints, Ints]:
    """Every pair of ids of the rows ``one[k]`` and ``other[k]`` of ``table`` (padded with
    -1 at the end): ``k`` and the two ids, one per combination. Most names have one word:
    the first column of such pairs is taken as it is, all combinations only for the
    others."""
    width = table.shape[1]
    first_a, first_b = table[one, 0], table[other, 0]
    single = (table[one, 1] < 0) & (table[other, 1] < 0)
    simple = np.flatnonzero(single & (first_a >= 0) & (first_b >= 0))
    wide = np.flatnonzero(~single)
    words_a, words_b = table[one[wide]], table[other[wide]]
    pair = np.repeat(wide, width * width)
    word_a = np.repeat(words_a, width, axis=1).ravel()
    word_b = np.tile(words_b, (1, width)).ravel()
    valid = (word_a >= 0) & (word_b >= 0)
    return (
        np.concatenate((simple, pair[valid])),
        np.concatenate((first_a[simple], word_a[valid])),
        np.concatenate((first_b[simple], word_b[valid])),
    )


# The letters of a word (``_letter_sets``), by code point: a name key's (``names.name_key``:
# a-z, 0-9), and one for any other character.
_LETTERS = b"abcdefghijklmnopqrstuvwxyz0123456789"
_OTHER = len(_LETTERS)
_LETTER = np.full(128, _OTHER, np.int64)
_LETTER[np.frombuffer(_LETTERS, np.uint8)] = np.arange(_OTHER)


def _letter_sets(words: Sequence[str]) -> Ints:
    """The letters of each word as the bits of a number (bit ``_LETTER`` of its code)."""
    width = _OTHER + 1
    lengths = np.fromiter(map(len, words), np.int64, len(words))
    points = np.frombuffer("".join(words).encode("utf-32-le"), np.uint32).astype(np.int64)
    letters = np.where(points < 128, _LETTER[np.minimum(points, 127)], _OTHER)
    owner = np.repeat(np.arange(len(words)), lengths)
    counts = np.bincount(owner * width + letters, minlength=len(words) * width)
    return (counts.reshape(-1, width) > 0).astype(np.int64) @ (1 << np.arange(width))


def _could_be(best: Ints, level: int) -> Bools:
    """Whether name fields whose best level is ``best`` may match at ``level``: as well or
    worse, an empty field only as MISSING."""
    return (best <= level) & ((best == MISSING) == (level == MISSING))


def _table(rows: dict[int, tuple[list[int], list[int]]], size: int, column: int) -> Ints:
    """The ids of ``rows`` (by text id) as a table padded with -1, two columns at least
    (``_any_shared``, ``_entry_pairs``)."""
    width = max([2, *(len(row[column]) for row in rows.values())])
    table = np.full((size, width), -1, np.int64)
    for text, row in rows.items():
        values = row[column]
        table[text, : len(values)] = values
    return table


def _digit_apart(first: Ints, second: Ints, width: int) -> Bools:
    """Whether two numbers written with ``width`` digits (zero-padded, as in a date's text)
    differ in one digit or in two neighbouring digits swapped (``matching._one_apart``)."""
    powers = 10 ** np.arange(width - 1, -1, -1)
    one, other = first[:, None] // powers % 10, second[:, None] // powers % 10
    differ = one != other
    crossed = (one[:, :-1] == other[:, 1:]) & (one[:, 1:] == other[:, :-1])
    swapped = (differ[:, :-1] & differ[:, 1:] & crossed).any(axis=1)
    count = differ.sum(axis=1)
    return (count == 1) | ((count == 2) & swapped)


def _distinct(first: Ints, second: Ints) -> tuple[Ints, Ints, Ints]:
    """The distinct pairs (``first[k]``, ``second[k]``) of ids, in order, as two arrays, and
    for each k the position of its pair among them. Counted rather than sorted where the
    distinct ids of each side make few possible pairs (places; the names of many pairs):
    the realistic import's bound makes 3.9 million pairs distinct in its six largest calls
    in 0.12 s instead of 0.17 s."""
    largest = _COUNTED + 8 * len(first)  # ids counted (vocabulary ids are)
    if (
        len(first)
        and 0 <= min(first.min(), second.min()) <= max(first.max(), second.max()) < largest
    ):
        ones, others = present(first, 0), present(second, 0)
        possible = len(ones) * len(others)
        if possible <= max(min(4 * len(first), _COUNTED_MOST), _COUNTED):
            rank_a = np.zeros(int(ones[-1]) + 1, np.int64)
            rank_a[ones] = np.arange(len(ones))
            rank_b = np.zeros(int(others[-1]) + 1, np.int64)
            rank_b[others] = np.arange(len(others))
            code = rank_a[first] * len(others) + rank_b[second]
            codes = present(code, possible)
            position = np.zeros(possible, np.int64)
            position[codes] = np.arange(len(codes))
            return ones[codes // len(others)], others[codes % len(others)], position[code]
    codes, inverse = np.unique((first << _SHIFT) | second, return_inverse=True)
    return codes >> _SHIFT, codes & ((1 << _SHIFT) - 1), inverse


# Possible pairs counted (``_distinct``): so many however few the pairs, and four per pair
# up to so many (a count each: 128 MiB).
_COUNTED = 1 << 16
_COUNTED_MOST = 1 << 24


def _similar(first: list[str], second: list[str], threshold: float) -> Bools:
    """Whether each two texts are at least ``threshold`` alike (Jaro-Winkler, as
    ``matching`` compares them). ``cpdist`` may differ from the single call in the last
    bit: a hair below the threshold counts (the bound may let a pair more in, never one
    fewer)."""
    if not first:
        return np.zeros(0, bool)
    similar = cpdist(first, second, scorer=JaroWinkler.normalized_similarity, dtype=np.float64)
    return similar.ravel() >= threshold - 1e-9


@functools.lru_cache(maxsize=100_000)
def _tokens(key: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """The words a name field is matched by (``name_words``) and their skeletons (marked
    with a leading space, as no word has one), and the words alone."""
    words = tuple(name_words(key))
    return frozenset(words) | {f" {sound}" for sound in field_skeletons(key).split()}, words


def best_level(first: str, second: str) -> int:
    """The best level (``matching._level``) two non-empty name fields could match at in
    ``matching._symmetric``, from cheap facts; never better than ``_symmetric`` finds.

    0 (the same or another spelling) needs a word or a word's skeleton in common; 1 (a typo
    or the beginning) needs a word of one that begins another (two letters at least) or is
    as similar as a typo (Jaro-Winkler, the words of a compound also joined). Otherwise 2.
    """
    tokens_a, words_a = _tokens(first)
    tokens_b, words_b = _tokens(second)
    if not tokens_a.isdisjoint(tokens_b):
        return 0
    for word in words_a:
        for other in words_b:
            if (len(word) >= 2 and other.startswith(word)) or (
                len(other) >= 2 and word.startswith(other)
            ):
                return 1
            if JaroWinkler.normalized_similarity(word, other) >= TYPO:
                return 1
    return 2
