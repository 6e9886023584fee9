"""Name keys for search and duplicate detection, so that spellings meet.

- ``name_key``: any script in Latin letters (``anyascii``: Cyrillic, Arabic, Farsi, Greek …),
  no diacritics (ș/ş → s, ı → i, ß → ss), lower case, letters and digits, single spaces.
- ``skeleton``: the consonants of a name word after folding common transliteration variants,
  so that Mohammed, Muhammad and محمد, Ivanov and Ivanoff, Fatima Al-Hassan and فاطمة الحسن
  share a key. Deliberately coarse: it proposes candidates, the score decides.

See docs/decisions/0012-name-matching.md.
"""

import functools
import itertools
import re

from anyascii import anyascii

# Words written so differently that they must not decide a match (El Hassan / Al-Hassan).
PARTICLES = frozenset({"al", "el", "ul", "de", "da", "di", "der", "van", "von"})

_SPECIAL = str.maketrans({"ß": "ss", "ı": "i", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ł": "l"})
# Applied in order to a word without spaces: spelling variants of the same sounds.
_FOLDS = (
    (re.compile(r"(?:off|ow|ov)$"), "v"),  # Ivanov / Ivanow / Ivanoff
    (re.compile(r"^(?:al|el|ul)(?=[a-z]{3})"), "l"),  # Al-Hassan / El Hassan / Alhasan
    # A German j is an English y: Jussuf / Yusuf, Jelena / Yelena, Jana / Yana (a y
    # inside a name stays a vowel: Ayşe / Aise, Hüseyin / Hussein, Maryam / Mariam) …
    (re.compile(r"^y(?=[aeiou])"), "j"),
    # … and ends a Slavic name as an i or y does: Sergej / Sergey, Jurij / Yuriy.
    (re.compile(r"(?<=[aeiou])[jy]$"), ""),
    (re.compile(r"dsch|dzh|dj"), "j"),  # Dschamal / Djamal / Jamal
    # A j between a consonant or i and a vowel softens the consonant, as ь or a y does:
    # Tatjana / Tatiana / Татьяна, Julija / Yulia, Anja / Anya, Ilja / Ilya.
    (re.compile(r"(?<=[bcdfghklmnprstvwzi])j(?=[aeiou])"), ""),
    (re.compile(r"tsch|tch"), "c"),  # Tschawdar / Chavdar (ч)
    # sch, sh and zh are one sound: Schewtschenko and Shevchenko, Sascha and Sasha (ш),
    # Schukow and Zhukov (ж).
    (re.compile(r"sch|sh|zh"), "s"),
    (re.compile(r"ch"), "c"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"j|g(?=[ei])"), "j"),
    (re.compile(r"kh|gh"), "h"),
    (re.compile(r"ts|tz"), "s"),  # Zwetan / Tsvetan (ц), Schmitz / Schmiz
    (re.compile(r"ck|q|c(?=[aou])|k"), "k"),
    (re.compile(r"w"), "v"),
    (re.compile(r"z"), "s"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"th"), "t"),
    (re.compile(r"[aeiouy]"), ""),
)


# After ``anyascii`` and ``casefold`` a text holds ASCII only: its letters are a-z.
_NOT_LETTER_OR_DIGIT = re.compile(r"[^0-9a-z]+")
# What ``anyascii`` writes for the soft and hard signs (ь, ъ) and the Arabic ayn and hamza
# (ع, ء, ئ), and apostrophes typed: part of the word, not a space (Ольга: olga, not ol ga;
# Петър: petr; O'Brien: obrien).
_APOSTROPHES = re.compile(r"['`]")
# In Arabic and Farsi script, و and ي (ی) inside a word are mostly the long vowels u and i:
# يوسف Yusuf, محمود Mahmud, حسین Hossein (``anyascii`` writes w and y: "ywsf", as far from
# Yusuf as a consonant more); but a و is also the consonant w: مروان Marwan, أنور Anwar,
# جواد Jawad. Both are read (``latin_readings``), the vowel first. At the start of a word
# they are w and y (وليد Walid). The closing ة (ta marbuta) is an a: فاطمة Fatima, عائشة
# Aisha (``anyascii`` writes h). The vowel marks (يُوسُف) are left out first.
_ARABIC_MARKS = re.compile("[\u064b-\u0652\u0670]")
_ARABIC_VOWEL = re.compile(
    "(?<=[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff])([\u0648\u064a\u06cc])|\u0629"
)
_VOWEL_OF = {"\u0648": "u", "\u064a": "i", "\u06cc": "i", None: "a"}
_WAW = "\u0648"
# ``anyascii`` writes nothing for an alef and only an apostrophe for an ayn or hamza, so that
# a word beginning with one loses its vowel: علي became "li", أحمد "hmd". At the start of a
# word they are read as the vowel Latin spellings write there: a (Ali, Ahmad, Abbas), an
# alef with hamza below i (إبراهيم Ibrahim). Before that, the article al- of a word of three
# letters or more is split off as the particle it is in Latin (الخطيب: al khtib, found by
# Khatib; the whole, alkhtib, is still one of its skeletons).
_ARTICLE = re.compile("(?<![\u0620-\u06ff])\u0627\u0644(?=[\u0620-\u064a\u066e-\u06ff]{3})")
# Persian given names that begin with the letters of the article but are one word (Elham,
# Elnaz, Elyas, Almas, Elaheh, Elmira, Elina): not split, so that الناز is not ناز (Naz).
_NOT_ARTICLE = re.compile(
    "(?<![\u0620-\u06ff])ال(?:هام|ناز|یاس|ياس|ماس|هه|میرا|ينا|ینا)(?![\u0620-\u06ff])"
)
_WORD_VOWEL = re.compile("(?<![\u0620-\u06ff])([\u0627\u0622\u0623\u0639]|\u0625)")
_INITIAL_OF = {"\u0625": "i"}  # the rest: a
# A ه after a consonant is a syllable of its own (زهرا Zahra, مهدی Mahdi, سهیل Soheil): read
# as "ah", not as one sound with the consonant (zh, sh, kh …, which the skeleton folds).
_SYLLABLE_H = re.compile("(?<=[\u0628-\u0647\u0679-\u06c3\u06cd-\u06d3])\u0647")
# A ض is d in Arabic (رمضان Ramadan, رياض Riad) and z in Farsi (رضا Reza, رضایی Rezaei):
# both readings.
_DAD = "\u0636"


def _split_articles(text: str) -> str:
    """The article al- split off each word it begins (``_ARTICLE``), but for the given
    names that only look so (``_NOT_ARTICLE``)."""
    kept = {found.start() for found in _NOT_ARTICLE.finditer(text)}
    return _ARTICLE.sub(lambda found: found.group() if found.start() in kept else "al ", text)


def latin(value: str) -> str:
    """``value`` in Latin letters (``anyascii``), lower case, without diacritics and
    apostrophes; other signs stay. An Arabic و inside a word read as the vowel u."""
    return latin_readings(value)[0]


def latin_readings(value: str) -> list[str]:
    """``latin`` of ``value``, and where an Arabic و inside a word may be the consonant w
    as well, that reading second."""
    text = value.casefold()
    readings = [text]
    if max(text, default=" ") >= "\u0600":  # Arabic script, or beyond: look closer
        text = _ARABIC_MARKS.sub("", text)
        text = _split_articles(text)
        text = _WORD_VOWEL.sub(lambda found: _INITIAL_OF.get(found.group(1), "a"), text)
        text = _SYLLABLE_H.sub("a\u0647", text)
        readings = [_ARABIC_VOWEL.sub(lambda found: _VOWEL_OF[found.group(1)], text)]
        consonant = _ARABIC_VOWEL.sub(
            lambda found: "w" if found.group(1) == _WAW else _VOWEL_OF[found.group(1)], text
        )
        if consonant != readings[0]:
            readings.append(consonant)
        if _DAD in text:
            readings += [reading.replace(_DAD, "z") for reading in readings]
    return [
        _APOSTROPHES.sub("", anyascii(reading.translate(_SPECIAL)).casefold())
        for reading in readings
    ]


# The most a key holds (the persons' and distinct names' key columns): a letter of another
# script may become several Latin ones (Щ: shch), so a name of 150 letters may not fit.
KEY_LENGTH = 150


def name_key(value: str) -> str:
    """Latin letters in lower case without diacritics, letters and digits only, single spaces;
    at most KEY_LENGTH characters."""
    return _key(latin(value))


def name_keys(value: str) -> list[str]:
    """``name_key`` of each reading of ``value`` (``latin_readings``): one, or two for an
    Arabic name with a و that may be u or w."""
    return list(dict.fromkeys(_key(reading) for reading in latin_readings(value)))


def _key(text: str) -> str:
    return _NOT_LETTER_OR_DIGIT.sub(" ", text).strip()[:KEY_LENGTH].rstrip()


@functools.lru_cache(maxsize=100_000)
def shared_key(value: str) -> str:
    """``name_key``, remembered: many records share a name, a street or a city."""
    return name_key(value)


@functools.lru_cache(maxsize=100_000)
def _shared_keys(value: str) -> tuple[str, ...]:
    return tuple(name_keys(value))


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
    their parts and as a whole (Al-Hassan: "lhsn"; Popescu-Ionescu: both and together), a
    particle also with the word after it (فاطمة الحسن, Fatima al Hassan: "lhsn" too)."""
    words: list[str] = []
    for name in names:
        for key in _shared_keys(name):  # each reading (an Arabic و as u and as w)
            parts = key.split()
            for candidate in _compounds(parts):
                sk = skeleton(candidate)
                if len(sk) >= 2 and sk not in words:
                    words.append(sk)
    return f" {' '.join(words)} " if words else ""


def _compounds(parts: list[str]) -> list[str]:
    """The words of a name whose skeletons are stored: each part, and where there are
    several, the whole and each particle with the word after it."""
    if len(parts) < 2:
        return parts
    glued = [a + b for a, b in itertools.pairwise(parts) if a in PARTICLES and len(parts) > 2]
    return [*parts, "".join(parts), *glued]
