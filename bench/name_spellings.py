"""How a name is written by different offices, for the migrant-name benchmark
(``bench/names.py``): Latin spellings of Cyrillic names (official, older and German
transliteration, -ov as -off or -ow) and the spelling habits of other offices (ou/u, kh/ch,
sh/sch, dropped diacritics, German ASCII for Turkish letters)."""

from __future__ import annotations

import re
import unicodedata


def strip(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.replace("ı", "i").replace("İ", "I"))
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


_BG = dict(
    zip(
        "абвгдежзийклмнопрстуфхцчшщъьюя",
        "a b v g d e zh z i y k l m n o p r s t u f h ts ch sh sht a y yu ya".split(),  # noqa: SIM905
        strict=True,
    )
)
_BG_DE = _BG | {
    "в": "w",
    "ж": "sh",
    "з": "s",
    "й": "j",
    "х": "ch",
    "ц": "z",
    "ч": "tsch",
    "ш": "sch",
    "щ": "scht",
    "ю": "ju",
    "я": "ja",
}
_BG_OLD = _BG | {"х": "kh", "ъ": "u", "й": "i", "ц": "c"}
_UA = dict(
    zip(
        "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя'",
        "a b v h g d e ie zh z y i i i k l m n o p r s t u f kh ts ch sh shch _ iu ia _".split(),  # noqa: SIM905
        strict=True,
    )
)
_UA_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
# The German transliteration of the letters Ukrainian and Russian share.
_DE = {
    "в": "w",
    "ж": "sh",
    "з": "s",
    "й": "j",
    "х": "ch",
    "ц": "z",
    "ч": "tsch",
    "ш": "sch",
    "щ": "schtsch",
    "ю": "ju",
    "я": "ja",
}
_UA_DE = _UA | _DE | {"є": "je", "ї": "ji"}
_UA_OLD = _UA | {"г": "g", "и": "i", "є": "ye", "й": "y", "ю": "yu", "я": "ya", "ї": "yi"}
_RU = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch ie y _ e iu ia".split(),  # noqa: SIM905
        strict=True,
    )
)
_RU_OLD = _RU | {"й": "y", "ю": "yu", "я": "ya", "ъ": "_"}
_RU_DE = _RU | _DE | {"ё": "jo", "ъ": "_"}


def _translit(word: str, table: dict[str, str], initial: dict[str, str] | None = None) -> str:
    out = []
    for index, ch in enumerate(word):
        lower = ch.lower()
        if lower not in table:
            out.append(ch)
            continue
        text = (initial or {}).get(lower, table[lower]) if index == 0 else table[lower]
        text = text.replace("_", "")
        out.append(text.capitalize() if ch.isupper() else text)
    result = "".join(out)
    if table is _RU_DE:  # Dmitri, Juri: -ий as -i in German
        result = re.sub(r"ii$", "i", result)
    return result


def cyrillic(origin: str, word: str) -> list[str]:
    """The Latin spellings of a Cyrillic name: official first, then older and German ones."""
    if origin == "BG":
        forms = [_translit(word, _BG), _translit(word, _BG_OLD), _translit(word, _BG_DE)]
    elif origin == "UA":
        forms = [
            _translit(word, _UA, _UA_INITIAL),
            _translit(word, _UA_OLD),
            _translit(word, _UA_DE),
        ]
    else:
        forms = [_translit(word, _RU), _translit(word, _RU_OLD), _translit(word, _RU_DE)]
    for index, form in enumerate(list(forms)):
        if form.endswith(("ov", "ev")):  # Ivanoff, Ivanow
            forms.append(form[:-1] + ("w" if index == 2 else "ff"))
    return list(dict.fromkeys(forms))


# Spelling habits of other offices, as (pattern, replacement) on a Latin spelling.
_HABITS = {
    "arabic": [
        ("ou", "u"),
        ("oo", "u"),
        ("ee", "i"),
        ("u", "ou"),
        ("kh", "ch"),
        ("sh", "sch"),
        ("q", "k"),
        ("j", "dj"),
        ("ss", "s"),
        ("mm", "m"),
        ("dd", "d"),
        ("(?<=[^aeiou])a$", "ah"),
        ("ah$", "a"),
        ("^Al-", "El-"),
        ("^Al-", "Al "),
        ("^Al-(.)", lambda m: "Al" + m[1].lower()),
        ("^Y", "J"),
        ("ei", "ai"),
        ("ai", "ei"),
    ],
    "persian": [
        ("ou", "u"),
        ("oo", "u"),
        ("ee", "i"),
        ("w", "v"),
        ("v", "w"),
        ("q", "gh"),
        ("kh", "ch"),
        ("sh", "sch"),
        ("zada$", "zadeh"),
        ("(?<=[^aeiou])i$", "y"),
        ("ei", "ai"),
        ("ullah$", "ulla"),
        ("^Y", "J"),
    ],
    "west": [
        ("ou", "u"),
        ("Dj", "J"),
        ("^C(?=[aou])", "K"),
        ("y", "i"),
        ("eh$", "e"),
        ("ss", "s"),
        ("(?<=[aeiou])h$", ""),
        ("u", "ou"),
    ],
    "kurdish": [
        ("x", "kh"),
        ("X", "Kh"),
        ("c", "j"),
        ("C", "J"),
        ("ş", "sh"),
        ("Ş", "Sh"),
        ("ç", "ch"),
        ("Ç", "Ch"),
        ("w", "v"),
    ],
    "turkish": [
        ("ö", "oe"),
        ("ü", "ue"),
        ("Ö", "Oe"),
        ("Ü", "Ue"),
        ("ş", "sch"),
        ("Ş", "Sch"),
        ("ç", "tsch"),
        ("Ç", "Tsch"),
        ("ğ", ""),
        ("ı", "i"),
    ],
    "romanian": [("ș", "ş"), ("ț", "ţ"), ("Ș", "Ş"), ("Ț", "Ţ")],
    "german": [("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")],
}
_HABIT_OF = {
    "SY": "arabic",
    "AF": "persian",
    "WA": "west",
    "KU": "kurdish",
    "TR": "turkish",
    "RO": "romanian",
    "DE": "german",
}


def habits(origin: str, spelling: str) -> list[str]:
    """Spellings of one name as other offices would write it: one habit at a time."""
    found = []
    for pattern, replacement in _HABITS.get(_HABIT_OF.get(origin, ""), []):
        changed = re.sub(pattern, replacement, spelling, count=1)  # type: ignore[arg-type]
        if changed != spelling and changed.strip():
            found.append(changed)
    if origin in ("TR", "RO", "KU", "DE", "WA") and strip(spelling) != spelling:
        found.append(strip(spelling))
    if origin == "TR":  # German ASCII for all letters at once
        german = spelling
        for pattern, replacement in _HABITS["turkish"]:
            german = german.replace(pattern, replacement)
        found.append(german)
    return list(dict.fromkeys(found))
