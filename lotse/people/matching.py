"""The matcher: how alike two person records are, and why.

One scoring for every use: the name search, the warning at intake and on edit, the bulk
detection of duplicates and the matching of imported records. Pure functions over plain
values (no database), so that the benchmarks in ``bench/`` measure exactly this code.

Names are compared word by word on their keys (``people.names.name_key``): the same word,
the same skeleton (another spelling or script), or a typo (Jaro-Winkler similarity, from
``rapidfuzz``). Dates of birth: the same date, day and month swapped, one digit typed wrong,
or only the year known. See docs/decisions/0012-name-matching.md.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from rapidfuzz.distance import JaroWinkler

from lotse.people.names import PARTICLES, skeleton, skeleton_words
from lotse.people.places import (
    PLACE_WEIGHTS,
    one_apart,
    place,
)
from lotse.people.reasons import describe

# Word scores by how a word matched.
SAME = 1.0
BEGINS = 0.92  # "Pope" for Popescu: the beginning of the name was typed
SPELLING = 0.92  # same skeleton: another spelling or script
# A skeleton of two letters is shared by many names (Rusu, Rezaei, Rosa: "rs"): there
# another spelling is also this alike letter by letter (Jaro-Winkler: Omar / Umar 0.83,
# Omar / amr (عمر) 0.72; Rosa / Rezaei 0.61, Rusu / Rezaei 0.47).
SHORT_SPELLING = 0.65
# A word counts as matched (a typo) from this Jaro-Winkler similarity on.
TYPO = 0.85
TYPO_FACTOR = 0.95  # a typo scores a little below its similarity

# The search ranks a date of birth by these bonuses on the name's score.
# No date of birth recorded ("unknown") contradicts nothing: above another date of the year.
BIRTH_BONUS = {
    "date": 0.25,
    "swapped": 0.2,
    "month": 0.2,
    "digit": 0.15,
    "year": 0.15,
    "unknown": 0.05,
}

# Comparing two records (``compare``) adds evidence weights, in the manner of Fellegi and
# Sunter: roughly log2 of how much likelier a field agrees for the same person than for two
# different persons of one municipality. Chosen by reasoning, not trained on labelled data
# (decision 0012). Agree / near (typo, spelling, swapped day and month) / disagree.
WEIGHTS = {
    "given": (6.0, 4.0, -3.0),
    "family": (8.0, 5.0, -3.5),
    "birth": (11.0, 6.0, -5.0),  # a year alone that agrees: BIRTH_YEAR
    **PLACE_WEIGHTS,  # street, postcode, city (``places``)
    "phone": (8.0, 8.0, 0.0),
}
BIRTH_YEAR = 3.0
# One digit off happens by chance for about 1 in 300 pairs of dates, far more often than
# the same date or day and month swapped.
BIRTH_DIGIT = 3.0
SWAPPED_NAMES = -1.0
# What the same address adds when only the family name agrees (relatives live together).
HOUSEHOLD_PLACE = 2.0  # given and family name in the other order
# With how common a name is known (bulk detection), a rare name weighs up to this much:
# two records with a rare given and family name are likely one person even without a date
# of birth, which the fixed weights above (for the search and intake) do not assume.
NAME_CAP = {"given": 8.0, "family": 9.0}
# The same date of birth of two relatives with different given names: twins happen.
TWIN_DATE = 5.0
# The midpoint from the number of records n: log2(n) - PRIOR_OFFSET, within MIDPOINTS.
PRIOR_OFFSET = 2.5
MIDPOINTS = (10.0, 13.0)
# Limits of the estimates of a date of birth that disagrees and of the same address
# (``Calibration``).
BIRTH_DIFFERENT = (-7.0, -3.0)
# Dates of birth more than FAR_YEARS years apart are seldom a clerical error or an
# estimated age: where namesakes live together as families (``Calibration.related``), they
# are another generation (a mother and her daughter of the same name) and weigh BIRTH_FAR,
# whatever the records say of careless dates (``far_weight``).
FAR_YEARS = 5
BIRTH_FAR = -10.0
STREET = (8.0, 12.0)
# More persons than this at one address are no family's flat but a house of many flats or
# shared accommodation (a refugee shelter): there the same address says less, by how many
# live there (``Calibration.crowded``), and never less than HOUSEHOLD_PLACE.
CROWDED = 8
# The summed weight where the score is one half; each further unit doubles the odds.
MIDPOINT = 12.0


@dataclass(frozen=True)
class Calibration:
    """What the records themselves say about two weights (no labelled data, as the
    expectation-maximisation of Fellegi and Sunter estimates weights from the data):

    - ``birth_different``: log2 of how often the same person has two unrelated dates of
      birth, estimated from pairs that are almost surely one person (the same name key and
      the same address); a file with careless dates says so, a register does not.
    - ``related``: how often persons with one family name at one address are relatives
      rather than one person (0 to 1). Then the address says little beyond the family name.
    - ``street``: the weight of the same address, log2(m / u) with u the share of pairs of
      records at one address (m taken as 0.9).
    - ``midpoint``: the prior odds that two records are one person fall with the number of
      records (each person has a second record among n, not among a few): log2(n) less
      ``PRIOR_OFFSET``, within ``MIDPOINTS``.
    - ``crowded``: the weight of the same address where more than ``CROWDED`` records
      are at it (by street key), log2(m / u) with u the share of the other records at that
      address, never more than ``street`` nor less than ``HOUSEHOLD_PLACE``: in shared
      accommodation two persons of one name are likelier two persons than in a flat.
    """

    birth_different: float = WEIGHTS["birth"][2]
    related: float = 1.0
    street: float = WEIGHTS["street"][0]
    midpoint: float = MIDPOINT
    crowded: Mapping[str, float] = field(default_factory=dict)


DEFAULT_CALIBRATION = Calibration()


class Record(NamedTuple):
    """What the matcher knows of a person: name keys and what helps to tell people apart.
    A named tuple: as immutable as a frozen dataclass, and made in less than half the time
    (an import matches against many thousand known persons)."""

    given: str  # name_key of the given names
    family: str  # name_key of the family name
    skeletons: str = ""  # Person.name_skeleton: " sk1 sk2 … "
    birth_date: dt.date | None = None
    birth_precision: str = "day"
    street: str = ""  # name_key of street and number
    postcode: str = ""
    city: str = ""  # name_key
    phone: str = ""  # digits only


class WordMatch(NamedTuple):  # a tuple: made by the hundred thousand in a bulk comparison
    score: float
    how: str  # "same", "begins", "spelling", "typo" or ""


_NONE = WordMatch(0.0, "")
_SAME = WordMatch(SAME, "same")
_SPELLING = WordMatch(SPELLING, "spelling")
_MISSING = WordMatch(0.0, "missing")  # a name field empty on either record


@dataclass(frozen=True)
class Evidence:
    """How alike two records are (``score`` 0 to 1) and why."""

    score: float
    name_score: float
    name: str  # "same", "spelling", "typo", "swapped", "partial" (one agrees), "different"
    birth: str = ""  # "date", "swapped", "digit", "month", "year", "different" or ""
    other: tuple[str, ...] = field(default=())  # "address", "phone"

    @property
    def codes(self) -> list[str]:
        """The evidence as stable codes, e.g. for the review queue and CSV files."""
        codes = [f"name:{self.name}"]
        if self.birth:
            codes.append(f"birth:{self.birth}")
        codes.extend(self.other)
        return codes

    @property
    def reason(self) -> str:
        """Why, in words: "same name in another spelling, same year of birth"."""
        return describe(self.codes)


def words_of(key: str) -> list[str]:
    """The words of a name key that decide, particles left out unless nothing else is left."""
    words = key.split()
    return [w for w in words if w not in PARTICLES] or words


def name_words(*keys: str) -> list[str]:
    """The words a typed word may match: each word of each name that decides (``words_of``:
    not a particle, so that Ali is no typo of the al of Al-Hassan), and a compound name also
    as one word (Popescu-Ionescu: popescu, ionescu, popescuionescu; Al-Hassan: hassan,
    alhassan)."""
    words: list[str] = []
    for key in keys:
        parts = key.split()
        if len(parts) > 1:
            words.extend(words_of(key))
            words.append("".join(parts))
        else:
            words.extend(parts)
    return words


def match_word(word: str, candidates: Sequence[str], skeletons: str) -> WordMatch:
    """How one typed word matches a person's name words (and skeletons): the best match."""
    if not word or not candidates:
        return _NONE
    if word in candidates:
        return _SAME
    sound = skeleton(word)
    if len(sound) >= 2 and f" {sound} " in skeletons:
        spelling = _spelling(word, sound, candidates)
        if spelling is not None:
            return spelling
    if len(word) >= 2:
        begun = [part for part in candidates if part.startswith(word)]
        if begun:
            # The more of the name was typed, the closer: "Io" is nearer Ion than Ioana.
            return WordMatch(BEGINS - 0.05 * (1 - len(word) / min(map(len, begun))), "begins")
    if len(candidates) == 1:
        best = JaroWinkler.normalized_similarity(word, candidates[0])
    else:
        best = max(JaroWinkler.normalized_similarity(word, part) for part in candidates)
    if best >= TYPO:
        return WordMatch(best * TYPO_FACTOR, "typo")
    return WordMatch(best * 0.5, "")


def _spelling(word: str, sound: str, candidates: Sequence[str]) -> WordMatch | None:
    """A typed word with the skeleton of a name word: another spelling, unless every name
    word of that skeleton differs in its glides (``_glides``: Hussein for Hassan), which
    makes it a similar name, or the skeleton is of two letters and every such word is
    otherwise quite unlike the typed one (Rusu and Rezaei are both "rs"): None then, and
    the word is compared letter by letter. A skeleton the name words do not have (of the
    name in its script, or another name) is another spelling."""
    alike = [part for part in candidates if skeleton(part) == sound]
    if not alike:
        return _SPELLING
    if len(sound) == 2 and all(
        JaroWinkler.normalized_similarity(word, part) < SHORT_SPELLING for part in alike
    ):
        return None
    if all(_glides(part) != _glides(word) for part in alike):
        return WordMatch(SPELLING * TYPO_FACTOR, "typo")
    return _SPELLING


_ORDER = ("typo", "spelling", "begins", "same")


def _all_words(scores: list[WordMatch]) -> WordMatch:
    """Every word must match; the weakest kind of match names the reason."""
    if len(scores) == 1:  # most names are one word
        return scores[0] if scores[0].how else _NONE
    if not scores or any(not s.how for s in scores):
        return _NONE
    how = min((s.how for s in scores), key=_ORDER.index)
    return WordMatch(sum(s.score for s in scores) / len(scores), how)


def match_text(words: list[str], record: Record) -> WordMatch:
    """How the words typed into the search match a person, in any order."""
    return _match_names(tuple(words), record.given, record.family, record.skeletons)


@functools.lru_cache(maxsize=100_000)
def _match_names(words: tuple[str, ...], given: str, family: str, skeletons: str) -> WordMatch:
    # Many persons share a name: one search scores each name once.
    candidates = name_words(given, family)
    return _all_words([match_word(word, candidates, skeletons) for word in words])


@functools.lru_cache(maxsize=100_000)
def _typed_words(typed: str) -> tuple[str, ...]:
    return tuple(words_of(typed))


@functools.lru_cache(maxsize=100_000)
def _key_words(key: str) -> tuple[str, ...]:  # a tuple: the cache shares it among callers
    return tuple(name_words(key))


def _field_score(typed: str, key: str, skeletons: str) -> WordMatch:
    """A name field (given or family) against one of a record's: every word must match."""
    words = _typed_words(typed)
    if not words or not key:
        return _NONE
    candidates = _key_words(key)
    found = _all_words([match_word(word, candidates, skeletons) for word in words])
    if found.how:
        return found
    # Compound names written with other parts: compare the whole.
    whole = JaroWinkler.normalized_similarity(typed.replace(" ", ""), key.replace(" ", ""))
    return WordMatch(whole * TYPO_FACTOR, "typo") if whole >= TYPO else WordMatch(whole * 0.5, "")


def _level(found: WordMatch) -> int:
    """0 agree (the same or another spelling), 1 near (a typo, the beginning), 2 disagree."""
    if found.how in ("same", "spelling"):
        return 0
    return 1 if found.how else 2


def _name_levels(a_given: str, a_family: str, b: Record) -> tuple[WordMatch, WordMatch]:
    return _symmetric(a_given, b.given), _symmetric(a_family, b.family)


@functools.lru_cache(maxsize=100_000)
def field_skeletons(key: str) -> str:
    return skeleton_words(key)


@functools.lru_cache(maxsize=1_000_000)
def _symmetric(typed: str, key: str) -> WordMatch:
    """A name field both ways round, so that Popescu matches Popescu-Ionescu and back; the
    better kind of match wins (another spelling before a typo)."""
    if not typed or not key:
        return _MISSING
    forward = _field_score(typed, key, field_skeletons(key))
    if forward.how == "same":  # every word the same: nothing is better
        return forward
    backward = _field_score(key, typed, field_skeletons(typed))
    found = forward
    if (_level(backward), -backward.score) < (_level(forward), -forward.score):
        found = backward
    if found.how == "spelling" and (_gendered(typed, key) or _glides(typed) != _glides(key)):
        return WordMatch(found.score * TYPO_FACTOR, "typo")
    return found


_GLIDE = re.compile(r"[ae][iy](?=[^aeiouy ])|[ae]yi")  # not before a space: a word's end


def _glides(key: str) -> int:
    """How often a name key holds ai, ay, ei or ey before a consonant, or ayi, eyi: the
    letter ya of Arabic script (Hussein, Husain, Hüseyin: حسين), which a name without it
    lacks (Hassan: حسن). Two names of one skeleton that differ in it are two names, not two
    spellings. At the end of a word it is a Slavic -ей or -ий (Andrei, Andrii) and does not
    count. Where a spelling writes the ya otherwise (Saeed for Said, Ayesha for Aisha), the
    two are a similar name (a typo's weight) rather than another spelling."""
    return len(_GLIDE.findall(key))


def _gendered(first: str, second: str) -> bool:
    """The masculine and the feminine form of one name (Alexandru / Alexandra, Stefan /
    Stefania, Ivanov / Ivanova): the same skeleton, but hardly the same person."""
    one, other = first.rsplit(" ", 1)[-1], second.rsplit(" ", 1)[-1]
    return (one.endswith("a") and not other.endswith(("a", "ah"))) or (
        other.endswith("a") and not one.endswith(("a", "ah"))
    )


def _name_weight(
    given: WordMatch, family: WordMatch, b: Record, share: Mapping[str, float] | None
) -> float:
    """The evidence of the names. With ``share`` (how common each name skeleton is in the
    population compared), agreeing on a common name counts less: log2(m / u) where u is
    the name's share, never more than the fixed weight."""
    return (0.0 + _weight_of(given, "given", b.given, share)) + _weight_of(
        family, "family", b.family, share
    )


def _weight_of(
    found: WordMatch, field_name: str, key: str, share: Mapping[str, float] | None
) -> float:
    """What one name field adds as ``found`` (nothing for a name missing on a record)."""
    return 0.0 if found.how == "missing" else field_weight(field_name, _level(found), key, share)


def field_weight(field_name: str, level: int, key: str, share: Mapping[str, float] | None) -> float:
    """What a name field matched at ``level`` adds; with ``share``, less for a common name
    ``key`` (never more than the fixed weight of the level)."""
    value = WEIGHTS[field_name][level]
    if share is not None and level < 2:
        common = share.get(skeleton(key), 0.0)
        if common:
            cap = NAME_CAP[field_name] - (WEIGHTS[field_name][0] - value)
            value = min(cap, max(1.0, math.log2(0.95 / common) - 2.0 * level))
    return value


def compare_names(
    a: Record, b: Record, share: Mapping[str, float] | None = None
) -> tuple[float, str, float]:
    """Score (0 to 1), kind and evidence weight of the name match of two records, in either
    order of given and family name."""
    straight = _name_levels(a.given, a.family, b)
    weight, pair, kind = _name_weight(*straight, b, share), straight, ""
    swapped = _swapped(a, b, share, weight)
    if swapped is not None:
        weight, pair, kind = *swapped, "swapped"
    present = [found for found in pair if found.how != "missing"]
    name_score = sum(found.score for found in present) / len(present) if present else 0.0
    if not kind:
        levels = [_level(found) for found in present]
        if not present or all(level == 2 for level in levels):
            kind = "different"
        elif 2 in levels:
            kind = "partial"
        elif 1 in levels:
            kind = "typo"
        elif all(found.how == "same" for found in present):
            kind = "same"
        else:
            kind = "spelling"
    given, family = pair
    if family.how != "missing" and _level(family) < 2 and _level(given) == 2:
        kind = "family"  # the family name alone: perhaps a relative
    elif kind == "swapped" and sorted(_level(found) for found in pair) == [0, 2]:
        # Written the other way round, one name agrees and the other not at all: which of
        # the two records was swapped is unknown, so this may be the family name alone.
        kind = "family"
    return name_score, kind, weight


def _swapped(
    a: Record, b: Record, share: Mapping[str, float] | None, weight: float
) -> tuple[float, tuple[WordMatch, WordMatch]] | None:
    """The weight and the matches of the names of ``a`` read the other way round against
    ``b``, where they weigh more than ``weight`` (the names as written); else ``None``.

    A name is compared only while both could still weigh more, an agreeing name weighing
    most (``field_weight``): where the names as written agree, the other order is never
    compared, and where the first name read the other way round disagrees, mostly not the
    second. The sums are made in the order of ``_name_weight``, so that each bound is at
    least the weight it stands for, to the last bit."""
    given_best = field_weight("given", 0, b.given, share) if a.family and b.given else 0.0
    family_best = field_weight("family", 0, b.family, share) if a.given and b.family else 0.0
    if (0.0 + given_best + family_best) + SWAPPED_NAMES <= weight:
        return None
    given = _symmetric(a.family, b.given)
    given_weight = 0.0 + _weight_of(given, "given", b.given, share)
    if (given_weight + family_best) + SWAPPED_NAMES <= weight:
        return None
    family = _symmetric(a.given, b.family)
    swap_weight = (given_weight + _weight_of(family, "family", b.family, share)) + SWAPPED_NAMES
    return (swap_weight, (given, family)) if swap_weight > weight else None


def birth_relation(
    typed: dt.date | None, typed_precision: str, known: dt.date | None, known_precision: str
) -> str:
    """How two dates of birth relate: "date", "swapped" (day and month), "digit" (one digit
    typed wrong), "month" (the same month of the same year, one of them known only so far),
    "year" (the same year, one of them known only so far), "different" (both known to the
    day and unrelated) or "" (nothing to compare). The matcher weighs "month" as "year"."""
    if typed is None or known is None:
        return ""
    if typed_precision == "day" and known_precision == "day":
        return _days_relation(typed, known)
    if typed.year != known.year:
        return "different"
    same_month = "year" not in (typed_precision, known_precision) and typed.month == known.month
    return "month" if same_month else "year"


def _days_relation(typed: dt.date, known: dt.date) -> str:
    """``birth_relation`` of two dates known to the day."""
    if typed == known:
        return "date"
    if typed.year == known.year and (typed.day, typed.month) == (known.month, known.day):
        return "swapped"
    return "digit" if one_apart(typed.isoformat(), known.isoformat()) else "different"


def far_apart(first: dt.date | None, second: dt.date | None) -> bool:
    """Two dates of birth of different generations (``FAR_YEARS``); to the year is enough."""
    return first is not None and second is not None and abs(first.year - second.year) > FAR_YEARS


def birth_weight(birth: str, disagree: float = WEIGHTS["birth"][2]) -> float:
    agree, near, _disagree = WEIGHTS["birth"]
    weights = {
        "date": agree,
        "swapped": near,
        "digit": BIRTH_DIGIT,
        "month": BIRTH_YEAR,
        "year": BIRTH_YEAR,
    }
    return weights.get(birth, disagree if birth == "different" else 0.0)


def dates_weight(
    a: Record,
    b: Record,
    birth: str,
    disagree: float = WEIGHTS["birth"][2],
    related: float = 1.0,
) -> float:
    """``birth_weight`` of the records' ``birth_relation``; dates of another generation
    (``far_apart``) weigh ``far_weight(disagree, related)``."""
    if birth == "different" and far_apart(a.birth_date, b.birth_date):
        return far_weight(disagree, related)
    return birth_weight(birth, disagree)


def far_weight(disagree: float, related: float) -> float:
    """The weight of dates of birth of another generation: ``BIRTH_FAR`` where namesakes
    live together as families (``related`` 1), that of any other date where the records
    know no families (0: a file of careless copies, such as FEBRL's)."""
    return disagree + (min(BIRTH_FAR, disagree) - disagree) * related


def needed_weight(threshold: float, midpoint: float = MIDPOINT) -> float:
    """The summed evidence weight at which ``compare`` gives ``threshold``."""
    return midpoint + math.log2(threshold / (1.0 - threshold))


def compare(
    a: Record,
    b: Record,
    share: Mapping[str, float] | None = None,
    calibration: Calibration | None = None,
) -> Evidence:
    """How alike two person records are: names, date of birth, address and phone. The
    evidence weights are summed and turned into a score between 0 and 1. ``share``: how
    common each name skeleton is (bulk detection), so that a common name weighs less;
    ``calibration``: what the records say about some weights (``calibration``)."""
    name_score, name, weight = compare_names(a, b, share)
    birth = birth_relation(a.birth_date, a.birth_precision, b.birth_date, b.birth_precision)
    if calibration is None:
        weight += dates_weight(a, b, birth)
    else:
        weight += dates_weight(a, b, birth, calibration.birth_different, calibration.related)
    other: list[str] = []
    if calibration is None:
        street, house = place(a, b)
    else:
        street, house = place(a, b, calibration.street, calibration.crowded)
    if house:
        other.append("address")
    if name == "family":
        if calibration is not None:
            # As often as relatives live together, the address proves little, and the same
            # date of birth may be twins.
            street -= max(street - HOUSEHOLD_PLACE, 0.0) * calibration.related
            if birth == "date":
                weight -= (WEIGHTS["birth"][0] - TWIN_DATE) * calibration.related
        elif birth != "date":
            # Relatives share the family name and the address: together they prove little
            # (unless born the same day).
            street = min(street, HOUSEHOLD_PLACE)
        name = "partial"
    elif calibration is not None and street > HOUSEHOLD_PLACE and _relatives(a, b, birth, name):
        # A similar given name (Hassan / Hussein) or another date of birth at the family's
        # address: where relatives live together, the address tells them apart no more.
        street -= (street - HOUSEHOLD_PLACE) * calibration.related
    weight += street
    if len(a.phone) >= 6 and len(b.phone) >= 6:
        weight += WEIGHTS["phone"][0 if a.phone == b.phone else 2]
        if a.phone == b.phone:
            other.append("phone")
    midpoint = MIDPOINT if calibration is None else calibration.midpoint
    score = 1.0 / (1.0 + 2.0 ** (midpoint - weight))
    return Evidence(score=score, name_score=name_score, name=name, birth=birth, other=tuple(other))


def _relatives(a: Record, b: Record, birth: str, name: str) -> bool:
    """The family name agrees and the given name or the date of birth does not quite (given
    and family name compared the other way round where they were swapped)."""
    if name == "swapped":  # which record was swapped is unknown: either way round
        levels = sorted(
            (_level(_symmetric(a.given, b.family)), _level(_symmetric(a.family, b.given)))
        )
        return levels[0] < 2 and (birth == "different" or levels[1] > 0)
    found = _symmetric(a.family, b.family)
    if found.how == "missing" or _level(found) == 2:
        return False
    return birth == "different" or _level(_symmetric(a.given, b.given)) > 0
