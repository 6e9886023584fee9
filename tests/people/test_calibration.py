"""The weights the records say, counted from the records as arrays: the same estimates as
``calibration.calibrate_records`` counts with dictionaries."""

import datetime as dt
import random
from unittest import mock

from hypothesis import example, given, settings
from hypothesis import strategies as st

from lotse.people import calibration, duplicates, matching
from lotse.people.calibration import calibrate_records
from lotse.people.reach import Vocabulary
from tests.people.test_duplicates import _born, _record, _surname

GIVEN = ["fatima", "fatma", "ion", "olena", "", "maria elena"]
FAMILY = ["al hassan", "alhasan", "popescu", "shevchenko", ""]
STREETS = ["friedrich ebert str 12", "weseler str 3", "12", "", "koenigstr 1 a"]
DAYS = [dt.date(1990, 3, 7), dt.date(1990, 7, 3), dt.date(1990, 3, 8), dt.date(1971, 1, 2)]


def _both(records, population=None):
    coded = Vocabulary().code(records)
    return (
        calibration.calibrate(records, coded, population),
        calibration.calibrate_records(records, population),
    )


records = st.lists(
    st.builds(
        matching.Record,
        given=st.sampled_from(GIVEN),
        family=st.sampled_from(FAMILY),
        birth_date=st.sampled_from([*DAYS, None]),
        birth_precision=st.sampled_from(["day", "day", "month", "year"]),
        street=st.sampled_from(STREETS),
    ),
    max_size=80,
)


def _counts(records, population):
    """What each way counts before the estimates (``calibration.calibration_of``): the same
    counts give the same estimates, and counts differ where the estimates would hide it
    (below the numbers an estimate needs)."""
    counted = []

    def capture(**counts):
        counted.append(
            {
                name: sorted(value) if isinstance(value, list) else value
                for name, value in counts.items()
            }
        )
        return matching.DEFAULT_CALIBRATION

    with mock.patch.object(calibration, "calibration_of", capture):
        _both(records, population)
    return counted


# Six records of one name at one address (too many for one person), and one name at two
# addresses by turns.
SIX_AND_TURNS = [
    *[matching.Record("ion", "popescu", birth_date=DAYS[0], street=STREETS[1])] * 6,
    *(
        matching.Record("maria elena", "alhasan", birth_date=DAYS[n % 2], street=STREETS[n % 2])
        for n in range(3)
    ),
]


@settings(max_examples=200, deadline=None)
@given(records, st.sampled_from([None, 5, 100_000]))
@example(SIX_AND_TURNS, None)
def test_counted_as_arrays_the_weights_are_those_of_the_dictionaries(records, population):
    arrays, dictionaries = _both(records, population)
    assert arrays == dictionaries
    counted_as_arrays, counted_in_dictionaries = _counts(records, population)
    assert counted_as_arrays == counted_in_dictionaries


def test_a_register_with_careless_dates_and_families_gives_the_same_estimates():
    """Enough records for every estimate to leave its default and stay within its limits:
    pairs of one person with dates that disagree now and then, families at one address,
    many addresses."""
    rng = random.Random(4)  # noqa: S311  (test data)
    records = []
    for house in range(400):
        street = f"weseler str {house}"
        family = rng.choice(["popescu", "al hassan", "shevchenko", "nowak", "yilmaz"])
        relatives = 2 if house % 10 == 0 else 1
        for given_name in rng.sample(["ion", "maria", "olena", "fatima", "ali", "ana"], relatives):
            born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(20_000))
            records.append(matching.Record(given_name, family, birth_date=born, street=street))
            if rng.random() < 0.5:  # the same person once more, the date now and then other
                again = born if rng.random() < 0.95 else born + dt.timedelta(days=400)
                records.append(matching.Record(given_name, family, birth_date=again, street=street))
    for number in range(40):  # and a shelter where many live
        born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(20_000))
        records.append(matching.Record(f"guest{number}", "nowak", born, street="am hafen 1"))
    arrays, dictionaries = _both(records)
    assert arrays == dictionaries
    low, high = matching.BIRTH_DIFFERENT
    assert low < arrays.birth_different < high
    assert 0 < arrays.related < 1
    low, high = matching.STREET
    assert low < arrays.street < high
    assert list(arrays.crowded) == ["am hafen 1"]


def test_no_records_give_the_defaults_either_way():
    arrays, dictionaries = _both([])
    assert arrays == dictionaries
    assert (arrays.birth_different, arrays.related, arrays.street) == (
        matching.DEFAULT_CALIBRATION.birth_different,
        matching.DEFAULT_CALIBRATION.related,
        matching.DEFAULT_CALIBRATION.street,
    )


def test_namesakes_of_another_generation_are_no_pair_and_no_sign_of_careless_dates():
    """A daughter named after her mother at the same address, and namesakes born years
    apart elsewhere, are not one person: they neither make a pair nor make the dates look
    careless (which would weaken every different date of birth)."""
    rng = random.Random(7)  # noqa: S311  (test data)
    records, copies, namesakes = [], [], []
    for house in range(128):
        family, address = _surname(rng), (f"Weseler Str. {house + 1}", "47169")
        mother = _record("Fatima", family, dt.date(1970 + house % 10, 3, 4), address)
        records.append(mother)
        for given_name in rng.sample(["Ahmad", "Omar", "Karim", "Nour"], 2):
            records.append(_record(given_name, family, _born(rng), address))
        if house % 4 == 0:  # the daughter has her mother's name
            daughter = mother._replace(birth_date=dt.date(1995 + house % 10, 8, 17))
            namesakes.append((len(records) - 3, len(records)))
            records.append(daughter)
        elif house % 4 == 1:  # the mother written a second time by another office
            copies.append((len(records) - 3, len(records)))
            records.append(mother._replace())
        else:  # a namesake of another age across town
            stranger = _record("Fatima", family, dt.date(1985 + house % 10, 11, 2))
            namesakes.append((len(records) - 3, len(records)))
            records.append(stranger)

    calibration = calibrate_records(records)
    assert calibration.birth_different == matching.BIRTH_DIFFERENT[0]  # dates are careful
    found = {(c.first, c.second) for c in duplicates.find_pairs(records).candidates}
    assert set(copies) <= found
    assert not set(namesakes) & found
    mother, daughter = (records[k] for k in namesakes[0])
    assert matching.compare(mother, daughter, None, calibration).score < 0.5


def test_at_a_shelter_where_many_live_the_same_address_says_less_than_at_a_flat():
    """Two women named Elif without a date of birth, one family name each: at a family's
    flat quite likely one woman (a married name), in shared accommodation with sixty others
    less so. The shelter weighs by how many live there, and the flats as if it were not
    there (it would otherwise lower the weight of every address)."""
    rng = random.Random(3)  # noqa: S311  (test data)
    records = []
    for house in range(300):
        family, address = _surname(rng), (f"Weseler Str. {house + 1}", "47169")
        for given_name in rng.sample(["Ahmad", "Fatima", "Omar", "Layla", "Karim", "Nour"], 3):
            records.append(_record(given_name, family, _born(rng), address))
    flats = calibrate_records(records)
    shelter, flat = ("Am Hafen 1", "47119"), ("Kaiserstr. 3", "47169")
    for _ in range(60):
        records.append(
            _record(rng.choice(["Ali", "Sara", "Reza", "Olena"]), _surname(rng), None, shelter)
        )
    elifs = [
        _record("Elif", family, None, where)
        for where in (shelter, flat)
        for family in ("Yılmaz", "Kaya")
    ]
    records.extend(elifs)
    estimate = calibrate_records(records)

    # The flats' pairs among more records (counted with the shelter's, the weight of every
    # address would fall to the lowest, STREET[0]).
    assert estimate.street > flats.street > matching.STREET[0]
    assert list(estimate.crowded) == ["am hafen 1"]
    assert matching.HOUSEHOLD_PLACE < estimate.crowded["am hafen 1"] < estimate.street - 4
    share = duplicates.name_shares(records)
    at_the_shelter = matching.compare(elifs[0], elifs[1], share, estimate)
    at_the_flat = matching.compare(elifs[2], elifs[3], share, estimate)
    assert at_the_shelter.other == at_the_flat.other == ("address",)
    assert at_the_flat.score > 0.99
    assert at_the_shelter.score < 0.85


@settings(max_examples=100, deadline=None)
@given(records, st.integers(0, 20))
def test_the_weights_of_the_own_records_leave_the_other_names_out(records, split):
    """Records under other names (``find_pairs(others=...)``) in the middle of the coded
    records: the weights are those of the other records coded alone."""
    split = min(split, len(records))
    others = [r._replace(family="alias") for r in records[:split]]
    everything = [*records[:split], *others, *records[split:]]
    coded = Vocabulary().code(everything).without(range(split, 2 * split))
    assert calibration.calibrate(records, coded) == calibration.calibrate_records(records)
