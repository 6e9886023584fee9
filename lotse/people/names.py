"""Name keys for search and duplicate detection, so that spellings meet.

- ``name_key``: any script in Latin letters (``anyascii``: Cyrillic, Arabic, Farsi, Greek …),
  no diacritics (ș/ş → s, ı → i, ß → ss), lower case, letters and digits, single spaces.
- ``skeleton``: the consonants of a name word after folding common transliteration variants,
  so that Mohammed, Muhammad and محمد, Ivanov and Ivanoff, Fatima Al-Hassan and فاطمة الحسن
  share a key. Deliberately coarse: it proposes candidates, the score decides.

See docs/decisions/0012-name-matching.md.
"""

import functools
import re

from anyascii import anyascii

_SPECIAL = str.maketrans({"ß": "ss", "ı": "i", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ł": "l"})
# Applied in order to a word without spaces: spelling variants of the same sounds.
_FOLDS = (
    (re.compile(r"(?:off|ow|ov)$"), "v"),  # Ivanov / Ivanow / Ivanoff
    (re.compile(r"^(?:al|el|ul)(?=[a-z]{3})"), "l"),  # Al-Hassan / El Hassan / Alhasan
    (re.compile(r"tsch|tch"), "c"),  # Tschawdar / Chavdar (ч)
    (re.compile(r"sch|sh"), "s"),  # Schewtschenko / Shevchenko, Sascha / Sasha (ш)
    (re.compile(r"ch"), "c"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"dzh|dj|zh|j|g(?=[ei])"), "j"),
    (re.compile(r"kh|gh"), "h"),
    (re.compile(r"ck|q|c(?=[aou])|k"), "k"),
    (re.compile(r"w"), "v"),
    (re.compile(r"z"), "s"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"th"), "t"),
    (re.compile(r"[aeiouy]"), ""),
)


# After ``anyascii`` and ``casefold`` a text holds ASCII only: its letters are a-z.
_NOT_LETTER_OR_DIGIT = re.compile(r"[^0-9a-z]+")


def name_key(value: str) -> str:
    """Latin letters in lower case without diacritics, letters and digits only, single spaces."""
    text = anyascii(value.casefold().translate(_SPECIAL)).casefold()
    return _NOT_LETTER_OR_DIGIT.sub(" ", text).strip()


@functools.lru_cache(maxsize=100_000)
def shared_key(value: str) -> str:
    """``name_key``, remembered: many records share a name, a street or a city."""
    return name_key(value)


@functools.lru_cache(maxsize=100_000)
def skeleton(word: str) -> str:
    """The consonant skeleton of one name (spaces and hyphens inside are ignored)."""
    text = name_key(word).replace(" ", "")
    for pattern, replacement in _FOLDS:
        text = pattern.sub(replacement, text)
    text = re.sub(r"(.)\1+", r"\1", text)  # Hassan / Hasan
    return text[:-1] if len(text) > 2 and text.endswith("h") else text  # Fatimah / فاطمة


def skeleton_words(*names: str) -> str:
    """The skeletons of every word of the names, space-separated and framed by spaces, so
    that one word can be looked for with ``contains(" word ")``. Compound names count as
    their parts and as a whole (Al-Hassan: "lhsn"; Popescu-Ionescu: both and together)."""
    words: list[str] = []
    for name in names:
        parts = shared_key(name).split()
        for candidate in [*parts, "".join(parts)] if len(parts) > 1 else parts:
            sk = skeleton(candidate)
            if len(sk) >= 2 and sk not in words:
                words.append(sk)
    return f" {' '.join(words)} " if words else ""
