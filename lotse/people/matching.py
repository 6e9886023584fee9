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
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from rapidfuzz.distance import JaroWinkler

from lotse.people.names import skeleton

# Words written so differently that they must not decide a match (El Hassan / Al-Hassan).
PARTICLES = frozenset({"al", "el", "ul", "de", "da", "di", "der", "van", "von"})

# Word scores by how a word matched.
SAME = 1.0
BEGINS = 0.92  # "Pope" for Popescu: the beginning of the name was typed
SPELLING = 0.92  # same skeleton: another spelling or script
# A word counts as matched (a typo) from this Jaro-Winkler similarity on.
TYPO = 0.85
TYPO_FACTOR = 0.95  # a typo scores a little below its similarity

# How a date of birth changes a name score, and the floor for a match at all.
BIRTH_BONUS = {"date": 0.25, "swapped": 0.2, "digit": 0.15, "year": 0.15}
BIRTH_PENALTY = 0.25  # both full dates known and unrelated
SAME_NAME_SCORE = 0.97


@dataclass(frozen=True)
class Record:
    """What the matcher knows of a person: name keys and what helps to tell people apart."""

    given: str  # name_key of the given names
    family: str  # name_key of the family name
    skeletons: str = ""  # Person.name_skeleton: " sk1 sk2 … "
    birth_date: dt.date | None = None
    birth_precision: str = "day"
    street: str = ""  # name_key of street and number
    postcode: str = ""
    city: str = ""  # name_key
    phone: str = ""  # digits only


@dataclass(frozen=True)
class WordMatch:
    score: float
    how: str  # "same", "begins", "spelling", "typo" or ""


@dataclass(frozen=True)
class Evidence:
    """How alike two records are (``score`` 0 to 1) and why."""

    score: float
    name_score: float
    name: str  # "same", "spelling", "typo", "swapped" (names in the other order), "partial"
    birth: str = ""  # "date", "swapped", "digit", "year", "different" or ""
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


def describe(codes: list[str]) -> str:
    texts = {
        "name:same": _("same name"),
        "name:spelling": _("same name in another spelling"),
        "name:begins": _("name begins with the words searched"),
        "name:typo": _("similar name"),
        "name:partial": _("similar name"),
        "name:swapped": _("given and family name swapped"),
        "birth:date": _("same date of birth"),
        "birth:year": _("same year of birth"),
        "birth:swapped": _("day and month of birth swapped"),
        "birth:digit": _("date of birth differs in one digit"),
        "birth:different": _("different date of birth"),
        "address": _("same address"),
        "phone": _("same phone number"),
    }
    return ", ".join(str(texts[code]) for code in codes if code in texts)


def words_of(key: str) -> list[str]:
    """The words of a name key that decide, particles left out unless nothing else is left."""
    words = key.split()
    return [w for w in words if w not in PARTICLES] or words


def name_words(*keys: str) -> list[str]:
    """The words a typed word may match: each word of each name, and a compound name also
    as one word (Popescu-Ionescu: popescu, ionescu, popescuionescu)."""
    words: list[str] = []
    for key in keys:
        parts = key.split()
        words.extend(parts)
        if len(parts) > 1:
            words.append("".join(parts))
    return words


def match_word(word: str, candidates: list[str], skeletons: str) -> WordMatch:
    """How one typed word matches a person's name words (and skeletons): the best match."""
    if not word or not candidates:
        return WordMatch(0.0, "")
    if word in candidates:
        return WordMatch(SAME, "same")
    sound = skeleton(word)
    if len(sound) >= 2 and f" {sound} " in skeletons:
        return WordMatch(SPELLING, "spelling")
    begun = [part for part in candidates if part.startswith(word)]
    if len(word) >= 2 and begun:
        # The more of the name was typed, the closer: "Io" is nearer Ion than Ioana.
        return WordMatch(BEGINS - 0.05 * (1 - len(word) / min(map(len, begun))), "begins")
    best = max(JaroWinkler.normalized_similarity(word, part) for part in candidates)
    if best >= TYPO:
        return WordMatch(best * TYPO_FACTOR, "typo")
    return WordMatch(best * 0.5, "")


_ORDER = ("typo", "spelling", "begins", "same")


def _all_words(scores: list[WordMatch]) -> WordMatch:
    """Every word must match; the weakest kind of match names the reason."""
    if not scores or any(not s.how for s in scores):
        return WordMatch(0.0, "")
    how = min((s.how for s in scores), key=_ORDER.index)
    return WordMatch(sum(s.score for s in scores) / len(scores), how)


def match_text(words: list[str], record: Record) -> WordMatch:
    """How the words typed into the search match a person, in any order."""
    candidates = name_words(record.given, record.family)
    return _all_words([match_word(word, candidates, record.skeletons) for word in words])


def _field_score(typed: str, key: str, skeletons: str) -> WordMatch:
    """A name field (given or family) against one of a record's: every word must match."""
    words = words_of(typed)
    if not words or not key:
        return WordMatch(0.0, "")
    found = _all_words([match_word(word, name_words(key), skeletons) for word in words])
    if found.how:
        return found
    # Compound names written with other parts: compare the whole.
    whole = JaroWinkler.normalized_similarity(typed.replace(" ", ""), key.replace(" ", ""))
    return WordMatch(whole * TYPO_FACTOR, "typo") if whole >= TYPO else WordMatch(whole * 0.5, "")


def compare_names(a: Record, b: Record) -> tuple[float, str]:
    """Score (0 to 1) and kind of the name match of two records, in either order."""
    straight = (
        _field_score(a.given, b.given, b.skeletons),
        _field_score(a.family, b.family, b.skeletons),
    )
    swapped = (
        _field_score(a.given, b.family, b.skeletons),
        _field_score(a.family, b.given, b.skeletons),
    )
    best, kind = _pair_score(straight), ""
    swap_score = _pair_score(swapped)
    if swap_score > best:
        best, kind = swap_score, "swapped"
    pairs = swapped if kind else straight
    if not kind:
        if all(p.how in ("same", "begins") for p in pairs) and best >= SAME_NAME_SCORE:
            kind = "same"
        elif all(p.how for p in pairs):
            kind = "spelling" if all(p.how != "typo" for p in pairs) else "typo"
        else:
            kind = "partial"
    return best, kind


def _pair_score(pair: tuple[WordMatch, WordMatch]) -> float:
    given, family = pair
    # The family name weighs a little more: given names are shared by many.
    return 0.45 * given.score + 0.55 * family.score


def birth_relation(
    typed: dt.date | None, typed_precision: str, known: dt.date | None, known_precision: str
) -> str:
    """How two dates of birth relate: "date", "swapped" (day and month), "digit" (one digit
    typed wrong), "year" (the same year, one of them known only so far), "different" (both
    known to the day and unrelated) or "" (nothing to compare)."""
    if typed is None or known is None:
        return ""
    if typed_precision == "day" and known_precision == "day":
        if typed == known:
            return "date"
        if typed.year == known.year and (typed.day, typed.month) == (known.month, known.day):
            return "swapped"
        first, second = typed.strftime("%Y%m%d"), known.strftime("%Y%m%d")
        if sum(x != y for x, y in zip(first, second, strict=True)) == 1:
            return "digit"
        return "different"
    return "year" if typed.year == known.year else "different"


def compare(a: Record, b: Record) -> Evidence:
    """How alike two person records are: names, date of birth, address and phone."""
    name_score, name = compare_names(a, b)
    birth = birth_relation(a.birth_date, a.birth_precision, b.birth_date, b.birth_precision)
    score = name_score + BIRTH_BONUS.get(birth, 0.0)
    if birth == "different":
        score -= BIRTH_PENALTY
    other: list[str] = []
    if a.street and a.street == b.street and a.postcode == b.postcode:
        other.append("address")
        score += 0.05
    if len(a.phone) >= 6 and a.phone == b.phone:
        other.append("phone")
        score += 0.05
    return Evidence(
        score=max(0.0, min(1.0, score)),
        name_score=name_score,
        name=name,
        birth=birth,
        other=tuple(other),
    )
