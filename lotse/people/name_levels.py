"""The level two name fields could match at (``best_level``), for many pairs at once
(``NameLevels``): the part of the bound (``reach.Reach``) that needs the names' texts; and
the array helpers the bound shares (``present``, ``distinct``, ``similar``). See
docs/decisions/0019-array-bound.md.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import JaroWinkler, Prefix
from rapidfuzz.process import cpdist

from lotse.people.matching import TYPO, field_skeletons, name_words

MISSING = 3  # a level for an empty name field: it adds nothing (``matching._name_weight``)
_SHIFT = 32  # a pair of ids as one number: first << _SHIFT | second
_CHUNK = 200_000  # pairs of names compared at once (memory)

Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]


def present(ids: Ints, size: int) -> Ints:
    """The distinct ids (of ``size`` texts), in order: counted rather than sorted, as the
    ids are small numbers and there may be millions of them."""
    return np.flatnonzero(np.bincount(ids, minlength=size))


class NameLevels:
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
        one, other, inverse = distinct(first, second)
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
        are as similar as a typo (``similar``). Only the pairs with letters enough in
        common (``_could_be_near``) are compared letter by letter, each distinct pair once:
        of the realistic import's 1,193,669 pairs of words 100,234, 87,114 distinct."""
        near = np.zeros(len(one), bool)
        maybe = np.flatnonzero(self._could_be_near(one, other))
        distinct_a, distinct_b, inverse = distinct(one[maybe], other[maybe])
        near[maybe] = self._compared(distinct_a, distinct_b)[inverse]
        return near

    def _could_be_near(self, one: Ints, other: Ints) -> Bools:
        """False where two words (ids) cannot be near, from their letters alone.

        A word that begins the other has all its letters in it. Jaro-Winkler (rapidfuzz's,
        as ``matching`` compares) is at most the Jaro similarity J plus 0.4 of what J lacks
        (a common beginning of up to four letters, weighted 0.1 each), and J at most
        (m / |a| + m / |b| + 1) / 3, where m, the letters that match, are at most the
        letters of either word less those the other word lacks (each such letter is in it
        once at least). So a typo's similarity needs that bound of J to reach
        (TYPO − 0.4) / 0.6 (0.75). An empty word is left to the comparison."""
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
        return similar(first, second, TYPO) | ((shorter >= 2) & (prefix.ravel() == shorter))


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
    lengths = np.fromiter(map(len, words), np.int64, len(words))
    points = np.frombuffer("".join(words).encode("utf-32-le"), np.uint32).astype(np.int64)
    letters = np.where(points < 128, _LETTER[np.minimum(points, 127)], _OTHER)
    bits = np.zeros(len(words), np.int64)
    np.bitwise_or.at(bits, np.repeat(np.arange(len(words)), lengths), np.left_shift(1, letters))
    return bits


def _table(rows: dict[int, tuple[list[int], list[int]]], size: int, column: int) -> Ints:
    """The ids of ``rows`` (by text id) as a table padded with -1, two columns at least
    (``_any_shared``, ``_entry_pairs``)."""
    width = max([2, *(len(row[column]) for row in rows.values())])
    table = np.full((size, width), -1, np.int64)
    for text, row in rows.items():
        values = row[column]
        table[text, : len(values)] = values
    return table


def distinct(first: Ints, second: Ints) -> tuple[Ints, Ints, Ints]:
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


# Possible pairs counted (``distinct``): so many however few the pairs, and four per pair
# up to so many (a count each: 128 MiB).
_COUNTED = 1 << 16
_COUNTED_MOST = 1 << 24


def similar(first: list[str], second: list[str], threshold: float) -> Bools:
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
