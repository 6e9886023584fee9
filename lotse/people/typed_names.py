"""How typed name words meet the names stored: the ways to read them (``readings``: a
compound name is written in one word or two), the database conditions that find the names
a search scores (``names_condition``: ``word_condition`` for each word that narrows,
``narrowing``; the exact names first, ``exact_names``), how well a name matches
(``best_match``), and the order of names of equal score (``closeness``). Used by the search
(``queries``)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Q
from rapidfuzz.distance import JaroWinkler

from lotse.people import matching
from lotse.people.names import skeleton


@dataclass(frozen=True)
class Reading:
    """One way to read the typed name: the words that decide, and the particles typed (Al,
    El, de, van: ``matching.PARTICLES``), which the words leave out."""

    words: tuple[str, ...]
    particles: frozenset[str]


# From this many typed words on, only the words as typed are read (each reading is a
# condition of its own in the query).
_JOINED_UP_TO = 4


def readings(typed: list[str]) -> list[Reading]:
    """The typed name key's words as typed, and with each two neighbours written as one: a
    compound name is written in one word or two (Abdul Rahman and Abdulrahman, Abd Allah
    and Abdallah, Al Ahmad and Alahmad, Maria Elena and Mariaelena)."""
    ways = [typed]
    if len(typed) <= _JOINED_UP_TO:
        ways += [
            [*typed[:cut], typed[cut] + typed[cut + 1], *typed[cut + 2 :]]
            for cut in range(len(typed) - 1)
        ]
    found = []
    for way in ways:
        words = matching.words_of(" ".join(way))
        found.append(Reading(tuple(words), frozenset(way) - frozenset(words)))
    return found


def best_match(
    readings: list[Reading], given: str, family: str, skeletons: str
) -> matching.WordMatch:
    """How well the name matches the best reading of the typed one (``matching.match_text``).
    A particle typed must be in the name for the same name; without it the name is another
    spelling (Hassan for Al-Hassan). Two words read as one count only as the same name or
    another spelling of it: read as a typo or a beginning, "Ion Popescu" as "ionpopescu"
    would meet any Popescu."""
    best = matching.WordMatch(0.0, "")
    record = matching.Record(given, family, skeletons)
    for number, reading in enumerate(readings):
        found = matching.match_text(list(reading.words), record)
        if found.how == "same" and not reading.particles <= {*given.split(), *family.split()}:
            found = matching.WordMatch(min(found.score, matching.SPELLING), "spelling")
        if number and found.how not in ("same", "spelling"):
            continue  # a joined reading (``readings``)
        if found.how and found.score > best.score:
            best = found
    return best


def names_condition(readings: list[Reading]) -> Q:
    """The names that may match one of the readings: for each, every word that narrows
    (``narrowing``) meets the name (``word_condition``)."""
    condition = Q(pk__in=[])
    for number, reading in enumerate(readings):
        each = Q()
        for word in narrowing(list(reading.words)):
            # The other readings count only as the same name or another spelling
            # (``best_match``): no typo's similar words or first letters for them.
            each &= word_condition(word) if number == 0 else _word_or_skeleton(word)
        condition |= each
    return condition


def _word_or_skeleton(word: str) -> Q:
    """Names holding the word, or its skeleton."""
    condition = Q(given_key__contains=word) | Q(family_key__contains=word)
    sound = skeleton(word)
    return condition | Q(name_skeleton__contains=f" {sound} ") if len(sound) >= 2 else condition


def word_condition(word: str) -> Q:
    """Persons who may carry this typed word in a name: the same skeleton (another spelling
    or script; every name word's skeleton is stored), or a typo: trigram word similarity on
    PostgreSQL, a name beginning with the same letters on SQLite (an index range, so that
    the embedded database need not scan every name several times)."""
    if connection.vendor == "postgresql":
        return (
            _word_or_skeleton(word)
            | Q(given_key__trigram_word_similar=word)
            | Q(family_key__trigram_word_similar=word)
        )
    sound = skeleton(word)
    start = word[:2] if len(word) >= 4 else word
    end = start[:-1] + chr(ord(start[-1]) + 1)
    condition = Q(given_key__gte=start, given_key__lt=end) | Q(
        family_key__gte=start, family_key__lt=end
    )
    if len(sound) >= 2:
        return condition | Q(name_skeleton__contains=f" {sound} ")
    # Too few consonants for a skeleton (Ana, Ion): the word itself, anywhere in a name.
    return condition | Q(given_key__contains=word) | Q(family_key__contains=word)


def narrowing(words: list[str]) -> list[str]:
    """The typed words whose condition (``word_condition``) narrows the names searched:
    those with a skeleton of two letters or more, where there is one. A name of one
    consonant written by ear (Aise or Ayse for Ayşe, Ion for Ioan) shares neither its
    beginning, nor trigrams, nor a skeleton worth storing with the name it means, though the
    scoring takes it for a typo; it is scored with the names the other words find."""
    strong = [word for word in words if len(skeleton(word)) >= 2]
    return strong or words


def exact_names(words: list[str], municipality_id: Any) -> tuple[Q, set[tuple[str, str]]]:
    """Persons whose name keys are the typed words: a one-word search, the given or the
    family name; more words, given and family name in either order, split every way. Index
    lookups, and no name can match better. With the (given, family) keys meant, "" for any.

    Every alternative names the municipality itself, so that SQLite looks each one up in the
    name index (instead of walking the municipality)."""
    here = Q(municipality_id=municipality_id)
    if len(words) == 1:
        word = words[0]
        condition = (here & Q(given_key=word)) | (here & Q(family_key=word))
        return condition, {(word, ""), ("", word)}
    splits: set[tuple[str, str]] = set()
    condition = Q()
    for cut in range(1, len(words)):
        first, second = " ".join(words[:cut]), " ".join(words[cut:])
        for given, family in ((first, second), (second, first)):
            splits.add((given, family))
            condition |= Q(municipality_id=municipality_id, given_key=given, family_key=family)
    return condition, splits


def is_exact(given: str, family: str, splits: set[tuple[str, str]]) -> bool:
    return (given, family) in splits or (given, "") in splits or ("", family) in splits


def tie_order(typed: tuple[str, ...], given: str, family: str) -> tuple[bool, float]:
    """Where a name of the same score goes (``closeness``), to sort by: smaller first."""
    both, similar = closeness(typed, given, family)
    return not both, -similar


@functools.lru_cache(maxsize=100_000)  # a page's namesakes share their name
def closeness(typed: tuple[str, ...], given: str, family: str) -> tuple[bool, float]:
    """How like the typed name (its key's words) a name is written, for names of equal
    score: "El-Hasan" is another spelling of Al-Hassan, of Hasan and (by the skeleton) of
    Hüseyin alike, but only Al-Hassan has a particle too. First whether both have a
    particle (al or el, van or von: one is often written for the other), then the
    Jaro-Winkler similarity of the other words to the given or family name, or both in
    either order, whichever is nearest."""
    particles = matching.PARTICLES
    typed_particle = any(word in particles for word in typed)
    text = "".join(word for word in typed if word not in particles) or "".join(typed)
    given_words, family_words = given.split(), family.split()
    both = typed_particle and any(w in particles for w in (*given_words, *family_words))
    given = "".join(w for w in given_words if w not in particles)
    family = "".join(w for w in family_words if w not in particles)
    return both, max(
        JaroWinkler.normalized_similarity(text, written)
        for written in (given + family, family + given, given, family)
    )
