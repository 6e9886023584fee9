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

import dataclasses
import datetime as dt
import functools
import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from lotse.people.matching import (
    BIRTH_DIFFERENT,
    FAR_YEARS,
    HOUSEHOLD_PLACE,
    STREET,
    SWAPPED_NAMES,
    WEIGHTS,
    Calibration,
    Record,
    birth_weight,
    far_weight,
    field_weight,
)
from lotse.people.name_levels import MISSING, NameLevels, distinct, present, similar
from lotse.people.names import skeleton
from lotse.people.places import (
    SAME_STREET,
    city_weight,
    has_street_name,
    postcode_weight,
    street_parts,
)

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
        columns = list(zip(*records, strict=True)) if records else [()] * len(Record._fields)
        given, family, _skeletons, births, precisions, street, postcode, city, phone = columns
        return self.code_columns(
            given=given,
            family=family,
            births=births,
            precisions=precisions,
            street=street,
            postcode=postcode,
            city=city,
            phone=phone,
        )

    def code_columns(
        self,
        *,
        given: Sequence[str],
        family: Sequence[str],
        births: Sequence[dt.date | None],
        precisions: Sequence[str],
        street: Sequence[str],
        postcode: Sequence[str],
        city: Sequence[str],
        phone: Sequence[str],
    ) -> Coded:
        """``code`` of records given by column (each a ``Record`` field's values), for
        records that were never made (``loading.code_rows``)."""
        size = len(given)
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

    def without(self, part: range) -> Coded:
        """These records without those at the indices ``part`` (the same texts)."""
        return self._each(
            lambda _name, values: np.concatenate((values[: part.start], values[part.stop :]))
        )

    def take(self, indices: Ints) -> Coded:
        """The records at ``indices``, in their order (the same texts)."""
        return self._each(lambda _name, values: values[indices])

    def joined(self, other: Coded) -> Coded:
        """These records, then ``other``'s, coded with the same texts."""
        if other.texts is not self.texts:
            raise ValueError("records coded with other texts")
        return self._each(lambda name, values: np.concatenate((values, getattr(other, name))))

    def _each(self, change: Callable[[str, Any], Any]) -> Coded:
        """These records with each array (by field name) changed by ``change``."""
        arrays = [f.name for f in dataclasses.fields(self) if f.name != "texts"]
        return Coded(
            texts=self.texts, **{name: change(name, getattr(self, name)) for name in arrays}
        )

    @functools.cached_property
    def dates(self) -> tuple[Ints, Ints, Ints]:
        """Year, month and day of each date of birth (1, 1, 1 for none)."""
        days = (np.maximum(self.ordinal, 1) - _EPOCH).astype("datetime64[D]")
        months = days.astype("datetime64[M]")
        year = months.astype("datetime64[Y]").astype(np.int64) + 1970
        month = months.astype(np.int64) % 12 + 1
        day = (days - months).astype(np.int64) + 1
        return year, month, day

    @functools.cached_property
    def sounds(self) -> tuple[Ints, Ints]:
        """The skeleton (``names.skeleton``) of each given and of each family name as a
        number: the same number for the same skeleton, given and family names alike, 0 for
        none. Worked out once per distinct name, for the blocks (``duplicates.block_keys``)
        and the weights (``calibration.calibrate``) both."""
        numbers: dict[str, int] = {"": 0}

        def sound(key: str) -> int:
            return numbers.setdefault(skeleton(key), len(numbers))

        return derived(self.texts, self.given, sound), derived(self.texts, self.family, sound)


_EPOCH = dt.date(1970, 1, 1).toordinal()  # datetime64 counts days from here


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
    street_name: Ints  # the words of a street (``places.street_parts``)
    street_number: Ints  # its house numbers
    postcode: Ints
    city: Ints


class Reach:
    """``reach.select(columns, first, second)``: the pairs (``first[k]``, ``second[k]``) of
    records that could reach the evidence ``weight`` that ``compare`` sums with ``share`` and
    ``calibration``; never leaves out a pair that ``compare`` gives at least that weight
    (tests/people/test_matching_bound.py). The records' texts are ids of ``vocabulary``
    (one of its own by default; ``duplicates.find_pairs`` codes the records first)."""

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
        self.crowded: Mapping[str, float] = {}
        if calibration is None:  # the most any calibration could give
            self.street, different, related = STREET[1], BIRTH_DIFFERENT[1], 0.0
        else:
            self.street, different = calibration.street, calibration.birth_different
            related, self.crowded = calibration.related, calibration.crowded
        self._agree: Floats | None = None  # the same house's weight by street id (``_house``)
        self.births = {
            relation: birth_weight(relation, different)
            for relation in ("", "date", "swapped", "digit", "year", "different")
        }
        self.births["far"] = far_weight(different, related)
        self.vocabulary = Vocabulary() if vocabulary is None else vocabulary
        self.texts = self.vocabulary.texts
        self.names = NameLevels(self.texts)

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
        (``NameLevels.levels`` or worse) is tried, in both orders; ``place``: the most the
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
        """``matching.dates_weight`` of ``birth_relation``, from the parts of the dates and,
        where one part differs, its digits."""
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
        # Different dates of another generation (``matching.far_apart``).
        far = both & (np.abs(c.year[a] - c.year[b]) > FAR_YEARS)
        weight[far & (weight == births["different"])] = births["far"]
        return weight

    def _place(self, c: Columns, a: Ints, b: Ints) -> Floats:
        """``places.place_weight`` of each pair."""
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
        """``places.street_weight``: the same house is the same street key, or the same
        house numbers and street names as similar as ``_same_street`` wants them."""
        same = c.street[a] == c.street[b]
        maybe = np.flatnonzero(~same & (c.street_number[a] == c.street_number[b]))
        if not maybe.size:
            return np.where(same, self._house(c, a, b), WEIGHTS["street"][2])
        one, other, inverse = distinct(c.street_name[a[maybe]], c.street_name[b[maybe]])
        texts = self.texts
        first = [texts[text] for text in one.tolist()]
        second = [texts[text] for text in other.tolist()]
        same[maybe] = similar(first, second, SAME_STREET)[inverse]
        return np.where(same, self._house(c, a, b), WEIGHTS["street"][2])

    def _house(self, c: Columns, a: Ints, b: Ints) -> Floats | float:
        """What the same house weighs for each pair: ``street``, or less where many live
        (``Calibration.crowded``; the lower of the two records' addresses)."""
        if not self.crowded:
            return self.street
        if self._agree is None or len(self._agree) != len(self.texts) + 1:
            agree = np.full(len(self.texts) + 1, self.street)  # the last for "no street": -1
            ids = self.vocabulary.ids
            for street, weight in self.crowded.items():
                if street in ids:
                    agree[ids[street]] = weight
            self._agree = agree
        return np.minimum(self._agree[c.street[a]], self._agree[c.street[b]])

    @staticmethod
    def _pairs(value: Callable[[int, int], float], first: Ints, second: Ints) -> Floats:
        """``value(first[k], second[k])`` for every k, worked out once per distinct pair."""
        one, other, inverse = distinct(first, second)
        values = np.fromiter(map(value, one.tolist(), other.tolist()), np.float64, len(one))
        return values[inverse]


def _could_be(best: Ints, level: int) -> Bools:
    """Whether name fields whose best level is ``best`` may match at ``level``: as well or
    worse, an empty field only as MISSING."""
    return (best <= level) & ((best == MISSING) == (level == MISSING))


def _digit_apart(first: Ints, second: Ints, width: int) -> Bools:
    """Whether two numbers written with ``width`` digits (zero-padded, as in a date's text)
    differ in one digit or in two neighbouring digits swapped (``places.one_apart``)."""
    powers = 10 ** np.arange(width - 1, -1, -1)
    one, other = first[:, None] // powers % 10, second[:, None] // powers % 10
    differ = one != other
    crossed = (one[:, :-1] == other[:, 1:]) & (one[:, 1:] == other[:, :-1])
    swapped = (differ[:, :-1] & differ[:, 1:] & crossed).any(axis=1)
    count = differ.sum(axis=1)
    return (count == 1) | ((count == 2) & swapped)
