"""The bulk detection and the import compare a pair only if ``reach.Reach`` says it
could reach the threshold: the bound must never leave out a pair that ``compare`` scores
at or above it, however the names, dates and addresses relate."""

import dataclasses
import datetime as dt
import itertools
from collections import Counter
from unittest import mock

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lotse.people import duplicates, matching, name_levels, places, reach
from lotse.people.models import person_skeleton
from lotse.people.names import name_key, skeleton

# Words that relate in every way the matcher knows: the same, another spelling or script,
# the beginning, a typo, compounds, particles, gendered forms, and words alike by chance.
WORDS = [
    "popescu",
    "popesku",
    "pope",
    "popescu ionescu",
    "ionescu",
    "ion",
    "ioan",
    "io",
    "ivanov",
    "ivanova",
    "ivanoff",
    "mohammed",
    "muhammad",
    "mohamad",
    "al hassan",
    "el hassan",
    "hassan",
    "hasan",
    "hussein",
    "fatima",
    "fatma",
    "maria elena",
    "elena",
    "ana",
    "a",
    "de la cruz",
    "alexandru",
    "alexandra",
    "kalomi",
    "kalomu",
    "lomika",
    "yilmaz",
    "yılmaz",
    "фатима",
]
DAYS = [
    dt.date(1990, 3, 4),
    dt.date(1990, 4, 3),
    dt.date(1990, 3, 5),
    dt.date(1991, 3, 4),
    dt.date(1990, 12, 30),
    dt.date(1985, 1, 1),
]
STREETS = ["", "weseler str 12", "weseler strasse 12", "weseler str 14", "12", "kaiserberg 3"]


def _typo(word: str, position: int) -> str:
    if len(word) < 3:
        return word
    i = position % (len(word) - 1)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


names = st.one_of(
    st.just(""),
    st.sampled_from(WORDS).map(name_key),
    st.tuples(st.sampled_from(WORDS), st.integers(0, 20)).map(
        lambda t: _typo(name_key(t[0]), t[1])
    ),
)
records = st.builds(
    matching.Record,
    given=names,
    family=names,
    birth_date=st.one_of(st.none(), st.sampled_from(DAYS)),
    birth_precision=st.sampled_from(["day", "day", "year"]),
    street=st.sampled_from(STREETS),
    postcode=st.sampled_from(["", "47169", "47166", "47196"]),
    city=st.sampled_from(["", "duisburg", "duisbrug", "essen"]),
    phone=st.sampled_from(["", "0203123456", "0203123457"]),
)
calibrations = st.one_of(
    st.none(),
    st.builds(
        matching.Calibration,
        birth_different=st.floats(-7.0, -3.0),
        related=st.floats(0.0, 1.0),
        street=st.floats(8.0, 12.0),
        midpoint=st.floats(10.0, 13.0),
        # Addresses where many live weigh less (from HOUSEHOLD_PLACE up to ``street``).
        crowded=st.dictionaries(
            st.sampled_from(STREETS[1:]), st.floats(matching.HOUSEHOLD_PLACE, 8.0), max_size=2
        ),
    ),
)


def _could_reach(a, b, weight, share=None, calibration=None):
    """``Reach.select`` for the one pair (a, b)."""
    bound = reach.Reach(weight, share, calibration)
    return bool(bound.select(bound.columns([a, b]), np.array([0]), np.array([1])).size)


def _with_skeletons(record: matching.Record) -> matching.Record:
    return record._replace(skeletons=person_skeleton(record.given, record.family))


@settings(max_examples=1500, deadline=None)
@given(
    a=records,
    b=records,
    calibration=calibrations,
    shared=st.booleans(),
    threshold=st.sampled_from([0.3, 0.5, duplicates.DUPLICATE_THRESHOLD, 0.95]),
)
@example(
    # A typo in each name, the same day and house: far from either name's exact form.
    a=matching.Record("kalomi", "popescu", birth_date=DAYS[0], street=STREETS[1]),
    b=matching.Record("kalomu", "popesku", birth_date=DAYS[0], street=STREETS[1]),
    calibration=None,
    shared=False,
    threshold=0.8,
)
@example(
    # Only the beginning of the given name typed (not similar enough for a typo).
    a=matching.Record("io", "popesku", birth_date=DAYS[0]),
    b=matching.Record("ionescu", "popescu", birth_date=DAYS[0]),
    calibration=None,
    shared=False,
    threshold=0.95,
)
@example(
    # One person at one house, the family name a typo away, no date of birth: the address
    # counts in full (only where the given name differs is it a household's).
    a=matching.Record("fatima", "popescu", street=STREETS[1], postcode="47169"),
    b=matching.Record("fatima", "popesku", street=STREETS[1], postcode="47169"),
    calibration=matching.Calibration(birth_different=-6.0, related=1.0, street=12.0, midpoint=13.0),
    shared=False,
    threshold=0.95,
)
@example(
    # Relatives at one address: only the family name agrees.
    a=matching.Record("fatima", "al hassan", birth_date=DAYS[0], street=STREETS[1]),
    b=matching.Record("hussein", "al hassan", birth_date=DAYS[5], street=STREETS[2]),
    calibration=matching.Calibration(birth_different=-3.0, related=0.5, street=12.0, midpoint=10.0),
    shared=True,
    threshold=0.3,
)
def test_the_bound_never_leaves_out_a_pair_that_reaches_the_threshold(
    a, b, calibration, shared, threshold
):
    a, b = _with_skeletons(a), _with_skeletons(b)
    share = duplicates.name_shares([a, b] * 20) if shared else None
    midpoint = matching.MIDPOINT if calibration is None else calibration.midpoint
    needed = matching.needed_weight(threshold, midpoint)
    evidence = matching.compare(a, b, share, calibration)
    if evidence.score >= threshold:
        assert _could_reach(a, b, needed - 1e-9, share, calibration), evidence


@settings(max_examples=1000, deadline=None)
@given(a=records, b=records, shared=st.sampled_from([None, "pair", "rare"]))
@example(  # both names agree as written: the other order is not read
    a=matching.Record("ion", "popescu"), b=matching.Record("ion", "popescu"), shared="rare"
)
@example(  # swapped, both names agreeing the other way round
    a=matching.Record("popescu", "ion"), b=matching.Record("ion", "popescu"), shared=None
)
@example(  # rare names: the other order weighs more though the names as written nearly agree
    a=matching.Record("mohammed", "mohammed ali"),
    b=matching.Record("ali mohammed", "mohammed alj"),
    shared="rare",
)
@example(  # the first name read the other way round disagrees: the second is not read
    a=matching.Record("ion", "ivanov"), b=matching.Record("ion", "popescu"), shared="pair"
)
def test_compare_reads_the_other_order_of_names_only_where_it_could_weigh_more(a, b, shared):
    """``compare_names`` reads the names the other way round only as far as they could
    still weigh more than as written (``matching._swapped``): the evidence is the same as
    with both orders read in full."""
    share = {
        None: None,
        "pair": duplicates.name_shares([a, b] * 20),
        "rare": duplicates.shares(
            Counter(skeleton(key) for r in (a, b) for key in (r.given, r.family) if key), 10**6
        ),
    }[shared]
    shortcut = matching.compare(a, b, share)
    with mock.patch.object(matching, "_swapped", _plainly_swapped):
        both_orders = matching.compare(a, b, share)
    assert shortcut == both_orders


def _plainly_swapped(a, b, share, weight):
    """``matching._swapped`` plainly: both names read the other way round, always."""
    swapped = matching._name_levels(a.family, a.given, b)
    swap_weight = matching._name_weight(*swapped, b, share) + matching.SWAPPED_NAMES
    return (swap_weight, swapped) if swap_weight > weight else None


def test_the_bound_leaves_out_pairs_whose_names_differ():
    """The point of the bound: the same date of birth and postcode, another house, and
    neither name alike in either order: not compared; with both names a typo away it is."""
    a = matching.Record(
        "kalomi", "popescu", birth_date=DAYS[0], street=STREETS[1], postcode="47169"
    )
    other = matching.Record(
        "fatima", "yilmaz", birth_date=DAYS[0], street=STREETS[3], postcode="47169"
    )
    alike = matching.Record(
        "kalomu", "popesku", birth_date=DAYS[0], street=STREETS[3], postcode="47169"
    )
    needed = matching.needed_weight(duplicates.DUPLICATE_THRESHOLD)
    assert not _could_reach(a, other, needed)
    assert matching.compare(a, other).score < duplicates.DUPLICATE_THRESHOLD
    assert _could_reach(a, alike, needed)


def test_the_bound_leaves_out_relatives_at_one_address():
    """Where relatives live together (``Calibration.related``), the same family name at the
    same house proves little: such a pair is not compared; where they do not, it is."""
    a = matching.Record(
        "fatima", "al hassan", birth_date=DAYS[0], street=STREETS[1], postcode="47169"
    )
    b = matching.Record(
        "ahmed", "al hassan", birth_date=DAYS[5], street=STREETS[1], postcode="47169"
    )
    together = matching.Calibration(birth_different=-6.0, related=1.0, street=12.0, midpoint=13.0)
    apart = dataclasses.replace(together, related=0.0)
    needed = matching.needed_weight(duplicates.DUPLICATE_THRESHOLD, together.midpoint)
    assert matching.compare(a, b, None, together).score < duplicates.DUPLICATE_THRESHOLD
    assert not _could_reach(a, b, needed, None, together)
    assert matching.compare(a, b, None, apart).score >= duplicates.DUPLICATE_THRESHOLD
    assert _could_reach(a, b, needed, None, apart)


def _plain_bound(a, b, share, calibration):
    """The bound written as a plain sum, without ``Reach``'s shortcuts and remembered
    values: the best level of each name in either order, the date of birth and the place."""
    street, different, related = _street_and_different(calibration)

    def name(field_name, typed, key):
        if not typed or not key:
            return 0.0
        return matching.field_weight(field_name, name_levels.best_level(typed, key), key, share)

    names = max(
        name("given", a.given, b.given) + name("family", a.family, b.family),
        name("given", a.family, b.given)
        + name("family", a.given, b.family)
        + matching.SWAPPED_NAMES,
    )
    phone = _phone(a, b)
    birth = matching.birth_relation(
        a.birth_date, a.birth_precision, b.birth_date, b.birth_precision
    )
    place = max(places.place_weight(a, b, street, _crowded(calibration)), 0.0)
    return names + phone + matching.dates_weight(a, b, birth, different, related) + place


def _street_and_different(calibration):
    """The street's weight, a different date's and how related namesakes are: without a
    calibration the most any calibration could give."""
    if calibration is None:
        return matching.STREET[1], matching.BIRTH_DIFFERENT[1], 0.0
    return calibration.street, calibration.birth_different, calibration.related


def _crowded(calibration):
    """What the same house weighs where many live (none without a calibration)."""
    return None if calibration is None else calibration.crowded


def _phone(a, b):
    return matching.WEIGHTS["phone"][0] if len(a.phone) >= 6 and a.phone == b.phone else 0.0


def _plain_household_bound(a, b, share, calibration):
    """The second bound of a calibrated ``Reach``, plainly: every level each name could
    match at, in either order, the place counting as a household's where only the family
    name agrees."""
    street, different, related = _street_and_different(calibration)
    place = max(places.place_weight(a, b, street, _crowded(calibration)), 0.0)
    household = place - max(place - matching.HOUSEHOLD_PLACE, 0.0) * calibration.related

    def levels(typed, key):
        return (
            [name_levels.MISSING]
            if not typed or not key
            else range(name_levels.best_level(typed, key), 3)
        )

    def weight(field_name, level, key):
        if level == name_levels.MISSING:
            return 0.0
        return matching.field_weight(field_name, level, key, share)

    together = -np.inf
    for given_a, family_a, swapped in ((a.given, a.family, False), (a.family, a.given, True)):
        for first in levels(given_a, b.given):
            for second in levels(family_a, b.family):
                names = weight("given", first, b.given) + weight("family", second, b.family)
                if swapped:
                    names += matching.SWAPPED_NAMES
                relatives = (first == 2 and second < 2) or (swapped and (first, second) == (0, 2))
                together = max(together, names + (household if relatives else place))
    birth = matching.birth_relation(
        a.birth_date, a.birth_precision, b.birth_date, b.birth_precision
    )
    return together + (matching.dates_weight(a, b, birth, different, related) + _phone(a, b))


def _reaches(a, b, share, calibration, weight):
    """Whether ``Reach.select`` keeps the pair, decided plainly (the second bound with its
    margin of 1e-9)."""
    if _plain_bound(a, b, share, calibration) < weight:
        return False
    return calibration is None or _plain_household_bound(a, b, share, calibration) >= weight - 1e-9


@settings(max_examples=300, deadline=None)
@given(
    pairs=st.lists(st.tuples(records, records), min_size=1, max_size=12),
    calibration=calibrations,
    weight=st.floats(-5.0, 30.0),
)
@example(
    # The same given name, the family name a typo away, one house; relatives at one house.
    pairs=[
        (
            matching.Record("fatima", "popescu", street=STREETS[1], postcode="47169"),
            matching.Record("fatima", "popesku", street=STREETS[1], postcode="47169"),
        ),
        (
            matching.Record("fatima", "popescu", street=STREETS[1], postcode="47169"),
            matching.Record("ion", "popescu", street=STREETS[1], postcode="47169"),
        ),
    ],
    calibration=matching.Calibration(birth_different=-6.0, related=1.0, street=12.0, midpoint=13.0),
    weight=17.0,
)
def test_the_bound_of_many_pairs_at_once_is_the_plain_sum_of_each(pairs, calibration, weight):
    """``Reach.select`` sums the bound for all pairs with arrays, works out what needs the
    texts once per distinct pair of values, and skips what it need not know; every pair is
    still decided as the plain sum decides it, in either order."""
    pairs = [(_with_skeletons(a), _with_skeletons(b)) for a, b in pairs]
    records = [record for pair in pairs for record in pair]
    share = duplicates.name_shares(records * 10)
    shared_reach = reach.Reach(weight, share, calibration)
    columns = shared_reach.columns(records)
    first = np.arange(0, len(records), 2)
    kept = shared_reach.select(columns, first, first + 1)
    assert kept.tolist() == [
        k for k, (a, b) in enumerate(pairs) if _reaches(a, b, share, calibration, weight)
    ]
    kept = shared_reach.select(columns, first + 1, first)
    assert kept.tolist() == [
        k for k, (a, b) in enumerate(pairs) if _reaches(b, a, share, calibration, weight)
    ]


def test_the_levels_of_many_names_at_once_are_those_of_each_pair():
    """``NameLevels`` finds the level of every pair of names as ``best_level`` does (shared
    words and skeletons, beginnings, typos; the words compared by rapidfuzz's ``cpdist``)."""
    keys = sorted({name_key(word) for word in WORDS} | {_typo(name_key(w), 2) for w in WORDS})
    records = [matching.Record(given=key, family="") for key in keys]
    bound = reach.Reach(0.0)
    columns = bound.columns(records)
    one, other = (array.ravel() for array in np.meshgrid(columns.given, columns.given))
    levels = bound.names.levels(one, other)
    texts = bound.texts
    expected = [
        name_levels.best_level(texts[a], texts[b]) if texts[a] and texts[b] else name_levels.MISSING
        for a, b in zip(one.tolist(), other.tolist(), strict=True)
    ]
    assert levels.tolist() == expected
    assert sorted(set(expected)) == [0, 1, 2]


# Words of a few letters, so that many pairs share letters, begin one another or are as
# alike as a typo; now and then a letter outside a name key's.
letter_words = st.text(alphabet="aeinorsv1ä ", max_size=9)


def _word_pairs(*batches):
    """The names of the records given ``batches`` of name keys, known in turn, and every
    pair of their words (ids)."""
    bound = reach.Reach(0.0)
    for keys in batches:
        bound.columns([matching.Record(given=key, family="") for key in keys])
    ids = np.unique(bound.names.word_ids[bound.names.word_ids >= 0])
    one, other = (array.ravel() for array in np.meshgrid(ids, ids))
    return bound.names, one, other


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.one_of(letter_words, st.sampled_from(WORDS).map(name_key)), max_size=15),
    st.lists(letter_words, max_size=10),
)
# As alike as a typo by the letters' bound exactly, or a little more; a short beginning of a
# long word.
@example(["krksmnab", "krksmlds", "nidlbmel", "nidlvsea", "akvanb", "akvaii"], [])
@example(["po"], ["popescuionescu"])
def test_words_left_out_by_their_letters_are_never_near(first, then):
    """``NameLevels`` compares two words letter by letter only where their letters allow them
    to be near: it finds the same near words as comparing every pair."""
    names, one, other = _word_pairs(first, then)
    assert names._near(one, other).tolist() == names._compared(one, other).tolist()


def test_most_pairs_of_words_are_left_out_by_their_letters():
    """The point of the letters: unrelated names are not compared letter by letter."""
    keys = ["popescu", "popesku", "ivanov", "mohammed", "fatima", "olena", "hassan", "ion"]
    names, one, other = _word_pairs(keys[:4], keys[4:])
    could = names._could_be_near(one, other)
    assert not names._compared(one, other)[~could].any()
    assert could.sum() < len(one) / 3
    popescu, popesku = names.vocabulary["popescu"], names.vocabulary["popesku"]
    assert could[(one == popescu) & (other == popesku)].all()


def test_dates_of_birth_relate_in_the_bound_as_in_compare():
    """Every relation of two dates (the same, day and month swapped, one digit off, another
    year or day) weighs in the bound what ``compare`` gives it."""
    days = [*DAYS, dt.date(1990, 3, 14), dt.date(1909, 3, 4), dt.date(1990, 3, 4)]
    for first in days:
        for second in days:
            for precisions in itertools.product(("day", "month", "year"), repeat=2):
                a = matching.Record(
                    "ana", "popescu", birth_date=first, birth_precision=precisions[0]
                )
                b = matching.Record(
                    "ana", "popescu", birth_date=second, birth_precision=precisions[1]
                )
                plain = _plain_bound(a, b, None, None)
                assert _could_reach(a, b, plain)
                assert not _could_reach(a, b, plain + 0.01)


def _typed_wrong(day: dt.date) -> list[dt.date]:
    """The dates whose text is ``day``'s with one digit changed or two neighbouring digits
    swapped (as far as they are dates)."""
    text = day.isoformat()
    texts = []
    for position, char in enumerate(text):
        if char == "-":
            continue
        texts.extend(f"{text[:position]}{digit}{text[position + 1 :]}" for digit in "0123456789")
        after = text[position + 1 : position + 2]
        if after.isdigit():
            texts.append(f"{text[:position]}{after}{char}{text[position + 2 :]}")
    dates = []
    for typed in texts:
        try:
            dates.append(dt.date.fromisoformat(typed))
        except ValueError:
            continue
    return dates


@settings(max_examples=25, deadline=None)
@given(day=st.dates(dt.date(1900, 1, 1), dt.date(2025, 12, 31)), other=st.dates())
def test_a_date_typed_wrong_weighs_in_the_bound_as_in_compare(day, other):
    """A date of birth with a digit typed wrong or two swapped (1985 / 1958, 13 / 31), or
    quite another: the bound weighs it as ``compare`` does, every digit of year, month and
    day."""
    a = matching.Record("ana", "popescu", birth_date=day)
    for typed in [*_typed_wrong(day), other]:
        b = matching.Record("ana", "popescu", birth_date=typed)
        plain = _plain_bound(a, b, None, None)
        assert _could_reach(a, b, plain), (day, typed)
        assert not _could_reach(a, b, plain + 0.01), (day, typed)


@given(st.lists(st.one_of(st.none(), st.dates()), max_size=20))
def test_records_as_arrays_keep_every_date_of_birth(births):
    """The dates of birth as numbers (``Vocabulary.code``) give back each date's year, month
    and day, from the year 1 to 9999; a record without one is not born."""
    coded = reach.Vocabulary().code([matching.Record("ana", "", birth_date=b) for b in births])
    year, month, day = coded.dates
    assert coded.born.tolist() == [birth is not None for birth in births]
    assert [
        (y, m, d)
        for y, m, d, birth in zip(year.tolist(), month.tolist(), day.tolist(), births, strict=True)
        if birth is not None
    ] == [(b.year, b.month, b.day) for b in births if b is not None]


def test_records_coded_for_another_bound_are_refused():
    records = [matching.Record("ana", "popescu")]
    with pytest.raises(ValueError, match="another bound"):
        reach.Reach(0.0).columns(records, reach.Reach(0.0).code(records))


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 3000)), max_size=300),
    st.sampled_from([1, 1 << 20]),  # few possible pairs (counted), or many (sorted)
)
def test_distinct_pairs_are_those_numpy_finds(pairs, scale):
    first = np.array([a * scale for a, _b in pairs], np.int64)
    second = np.array([b for _a, b in pairs], np.int64)
    one, other, inverse = name_levels.distinct(first, second)
    expected = sorted(set(zip(first.tolist(), second.tolist(), strict=True)))
    assert list(zip(one.tolist(), other.tolist(), strict=True)) == expected
    assert one[inverse].tolist() == first.tolist()
    assert other[inverse].tolist() == second.tolist()
