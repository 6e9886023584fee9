"""The other names a person is known by (the name in its original script, and the names of
"also known as": a maiden name, a record merged away): the duplicate warning compares a
typed name with them too, so that "Elena Ionescu" is offered Elena Popescu, née Ionescu."""

from __future__ import annotations

import functools

from lotse.people import matching
from lotse.people.names import name_key, skeleton, skeleton_words


def may_be_alias(wanted: matching.Record, given: str, family: str, skeletons: str) -> bool:
    """Whether a stored name (its keys and ``name_skeleton``, which holds the skeletons of
    all of a person's names) may carry the typed one among its other names: every typed
    word with a skeleton of two letters or more has it there, and one of them is not the
    skeleton of a word of the name itself (that case the name's own evidence weighs)."""
    sounds = [
        sound
        for part in (wanted.given, wanted.family)
        for word in matching.words_of(part)
        if len(sound := skeleton(word)) >= 2
    ]
    if not sounds or not all(f" {sound} " in skeletons for sound in sounds):
        return False
    own = _own_skeletons(given, family)
    return any(f" {sound} " not in own for sound in sounds)


@functools.lru_cache(maxsize=10_000)
def _own_skeletons(given: str, family: str) -> str:
    return skeleton_words(given, family)


# The most other names an edit looks for persons by (each is a search of its own).
LOOKED_FOR = 5


def names_of(name_original: str, other_names: str, *, given: str = "") -> list[tuple[str, str]]:
    """A person's other names as (given, family) keys, the last word taken for the family
    name; a name of one word is a family name (a maiden name) with the person's ``given``
    name, and left out without one."""
    found = []
    for name in (name_original, *other_names.split(";")):
        words = name_key(name).split()
        if len(words) >= 2:
            found.append((" ".join(words[:-1]), words[-1]))
        elif words and given:
            found.append((name_key(given), words[0]))
    return found


def records(record: matching.Record, name_original: str, other_names: str) -> list[matching.Record]:
    """The person's record as stored, and the same record under each of its other names."""
    return [
        record,
        *(
            record._replace(given=given, family=family)
            for given, family in names_of(name_original, other_names, given=record.given)
        ),
    ]
