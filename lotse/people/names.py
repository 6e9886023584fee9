"""Name keys for search: without diacritics, case and punctuation, so spellings meet.

A deliberately simple normalisation; transliteration across scripts comes later.
"""

import unicodedata

_SPECIAL = str.maketrans({"ß": "ss", "ı": "i", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ł": "l"})


def name_key(value: str) -> str:
    """Lower case, no diacritics, letters and digits only, single spaces."""
    text = unicodedata.normalize("NFKD", value.casefold().translate(_SPECIAL))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    cleaned = "".join(ch if ch.isalnum() else " " for ch in text)
    return " ".join(cleaned.split())


def trigrams(value: str) -> set[str]:
    padded = f"  {value} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(first: str, second: str) -> float:
    """Trigram similarity (Jaccard) of two name keys, 0 to 1, as pg_trgm computes it."""
    a, b = trigrams(first), trigrams(second)
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
