"""Addresses as the matcher compares them (``matching.compare``): the same house, the
postcode, the city; what they weigh. See docs/decisions/0012-name-matching.md.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING

from rapidfuzz.distance import JaroWinkler

if TYPE_CHECKING:
    from lotse.people.matching import Record

# Agree / near / disagree, as ``matching.WEIGHTS`` (of which these are part).
PLACE_WEIGHTS = {
    "street": (8.0, 8.0, -2.0),
    "postcode": (4.0, 2.0, -1.5),
    "city": (2.0, 2.0, -1.0),
}
# Two street names are one street from this Jaro-Winkler similarity on (with one number).
SAME_STREET = 0.9


def place_weight(
    a: Record,
    b: Record,
    agree: float = PLACE_WEIGHTS["street"][0],
    crowded: Mapping[str, float] | None = None,
) -> float:
    """What the address of two records adds: street, postcode and city (``place``)."""
    return place(a, b, agree, crowded)[0]


def place(
    a: Record,
    b: Record,
    agree: float = PLACE_WEIGHTS["street"][0],
    crowded: Mapping[str, float] | None = None,
) -> tuple[float, bool]:
    """What the address of two records adds (street, postcode and city), and whether it is
    the same house (the same street and number, and no other postcode): the evidence
    "address". ``agree``: the weight of the same house; ``crowded``: the lower one of
    addresses where many live (``Calibration.crowded``)."""
    weight, house = 0.0, False
    if has_street_name(a.street) and has_street_name(b.street):  # a house number alone says nothing
        if crowded:
            agree = min(crowded.get(a.street, agree), crowded.get(b.street, agree))
        weight += street_weight(a.street, b.street, agree)
        house = weight > 0
    if a.postcode and b.postcode:
        postcode = postcode_weight(a.postcode, b.postcode)
        weight += postcode
        house = house and postcode > 0
    if a.city and b.city:
        weight += city_weight(a.city, b.city)
    return weight, house


def street_weight(first: str, second: str, agree: float = PLACE_WEIGHTS["street"][0]) -> float:
    """Two streets with names (``has_street_name``): the same house or not."""
    return agree if _same_street(first, second) else PLACE_WEIGHTS["street"][2]


def postcode_weight(first: str, second: str) -> float:
    """Two postcodes: the same, one digit off or two swapped, or another."""
    if first == second:
        return PLACE_WEIGHTS["postcode"][0]
    if len(first) == len(second) and one_apart(first, second):
        return PLACE_WEIGHTS["postcode"][1]
    return PLACE_WEIGHTS["postcode"][2]


def city_weight(first: str, second: str) -> float:
    similar = first == second or JaroWinkler.normalized_similarity(first, second) >= 0.9
    return PLACE_WEIGHTS["city"][0 if similar else 2]


@functools.lru_cache(maxsize=100_000)
def street_parts(street: str) -> tuple[str, str]:
    """The words and the house numbers of a street key ("weseler str 12 a": "weseler str",
    "12")."""
    words = street.split()
    numbers = " ".join(word for word in words if word[:1].isdigit())
    return " ".join(word for word in words if not word[:1].isdigit()), numbers


def _same_street(first: str, second: str) -> bool:
    """The same house: the same number and a similar street name (typos, "Str." or not)."""
    if first == second:
        return True
    name_a, number_a = street_parts(first)
    name_b, number_b = street_parts(second)
    if number_a != number_b:
        return False
    return JaroWinkler.normalized_similarity(name_a, name_b) >= SAME_STREET


@functools.lru_cache(maxsize=100_000)
def has_street_name(street: str) -> bool:
    return any(ch.isalpha() for ch in street)


def one_apart(first: str, second: str) -> bool:
    """One character different, or two neighbours swapped (5495 / 5459)."""
    differ = [i for i, (x, y) in enumerate(zip(first, second, strict=True)) if x != y]
    if len(differ) == 1:
        return True
    return (
        len(differ) == 2
        and differ[1] == differ[0] + 1
        and first[differ[0]] == second[differ[1]]
        and first[differ[1]] == second[differ[0]]
    )
