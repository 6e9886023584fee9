"""Quality of the duplicate detection on migrant names, with known ground truth.

    .venv/bin/python bench/names.py [--persons 20000] [--seed 7]

Generates persons in households and a second record for about half of them as another
office would have written it, then runs Lotse's detection (``find_pairs``, exactly the code
of the bulk detection) and prints precision, recall and F1, the recall per kind of variant
and the kinds of false pairs. Goal: recall >= 0.95 at precision >= 0.95.

Realism assumptions (see also docs/performance.md, "Quality on migrant names"):

- Origins as counselled in KIM in the Ruhr area, by share of persons: Syria/Iraq (Arabic)
  22 %, Turkey 12 %, Romania 12 %, Bulgaria 11 %, Ukraine 11 %, Afghanistan 9 %, Kurdish
  (Syria, Iraq, Turkey) 7 %, West Africa 6 %, Russia 4 %, Germany 6 %.
- Names come from ``bench/name_pools.py``: per origin about 80-130 male and 70-120 female
  given names and 110-190 family names, each drawn with a Zipf-like frequency by its rank
  (weight 1 / (rank + 2) for given names, 1 / (rank + 5) ** 0.8 for family names): the most
  common given name of an origin is carried by about 8-10 % of its men, the most common
  family name by about 3-4 %, the rarest by a tenth of a per cent. Real name lists are
  longer still in the tail, so namesakes are rather more frequent here than in a real
  municipality. Arabic and Afghan persons take a father's given name as family name in a
  quarter of the cases (Mohammad Ahmad), as often registered.
- Households: one to seven persons (a third live alone); a couple and children, children
  born when the mother was 18 to 42, every child with a given name of its own, twins
  (same date of birth) in 2 % of births. Wives keep their own family name in Arabic,
  Afghan and Kurdish households in 70 % of cases; Bulgarian, Ukrainian and Russian family
  names take the feminine form (Ivanova). Streets of Duisburg, each with its postcode;
  several households share one house number now and then (apartment blocks).
- The first record is written in the usual Latin spelling (for Cyrillic names the official
  transliteration) in 65 % of cases, otherwise in another common spelling.
- The second record has one kind of variant, chosen among those that apply to the person:
  another Latin spelling (a listed one, or one made by the spelling habits of another
  office: ou/u, ee/i, kh/ch, sh/sch, q/k, doubled letters, the article Al-/El-; German
  transliteration of Cyrillic), the original script (Arabic, Persian, Cyrillic), diacritics
  dropped, given and family name swapped, a typo, only the year of birth, day and month
  swapped, no date of birth. In 25 % of second records the address is missing, in 10 %
  it is another one (moved).
- Hard negatives that must NOT match: family members at one address (including twins),
  and namesakes (other persons with the same or a similar name, often the same year of
  birth).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")

sys.path.insert(0, str(Path(__file__).resolve().parent))
import name_pools  # bench/name_pools.py, beside this file
import name_spellings  # bench/name_spellings.py, beside this file

# (origin, share of persons, script of the second record or "")
ORIGINS = (
    ("SY", 0.22, "arabic"),
    ("TR", 0.12, ""),
    ("RO", 0.12, ""),
    ("BG", 0.11, "cyrillic"),
    ("UA", 0.11, "cyrillic"),
    ("AF", 0.09, "persian"),
    ("KU", 0.07, ""),
    ("WA", 0.06, ""),
    ("RU", 0.04, "cyrillic"),
    ("DE", 0.06, ""),
)
# Streets of Duisburg and their postcodes.
STREETS = {
    "Weseler Str.": "47169",
    "Wanheimer Str.": "47053",
    "Hochfelder Markt": "47053",
    "Friedrich-Ebert-Str.": "47179",
    "Kaiser-Wilhelm-Str.": "47169",
    "Ottostr.": "47169",
    "Brückenstr.": "47226",
    "Fischerstr.": "47055",
    "Kaiser-Friedrich-Str.": "47169",
    "Warbruckstr.": "47169",
    "Henriettenstr.": "47169",
    "Hagedornstr.": "47169",
    "Kampstr.": "47166",
    "Wiesbadener Str.": "47138",
    "Gravelottestr.": "47053",
    "Heerstr.": "47053",
    "Paulusstr.": "47053",
    "Brückelstr.": "47137",
    "Duisburger Str.": "47166",
    "Dieselstr.": "47166",
    "Wilfriedstr.": "47166",
    "Augustastr.": "47137",
    "Kaiserstr.": "47137",
    "Hamborner Altmarkt": "47166",
    "Weidmannstr.": "47166",
    "Kronstr.": "47198",
    "Rheinstr.": "47198",
    "Moerser Str.": "47198",
    "Friedrich-Engels-Str.": "47167",
    "Emscherstr.": "47137",
    "Neumühler Str.": "47138",
    "Lehrerstr.": "47167",
    "Bismarckstr.": "47443",
    "Düsseldorfer Str.": "47051",
    "Mülheimer Str.": "47057",
    "Sternbuschweg": "47057",
    "Wörthstr.": "47053",
    "Eigenstr.": "47053",
    "Saarbrücker Str.": "47053",
    "Bonifatiusstr.": "47053",
    "Werthauser Str.": "47053",
    "Rheinhauser Str.": "47053",
    "Krefelder Str.": "47226",
    "Atroper Str.": "47226",
    "Kruppstr.": "47229",
    "Essenberger Str.": "47229",
    "Bergheimer Str.": "47228",
    "Moerser Str. (Rheinhausen)": "47228",
    "Zechenstr.": "47443",
    "Marxloher Str.": "47169",
}
VARIANTS = (
    "spelling",
    "script",
    "diacritics",
    "swapped",
    "typo",
    "year only",
    "day-month",
    "no birth date",
)
TODAY_YEAR = 2025


@dataclass
class Name:
    """One name of a pool: its Latin spellings (the usual one first) and its script."""

    spellings: list[str]
    script: str = ""
    origin: str = ""
    extra: list[str] = field(default_factory=list)  # made by spelling habits


@dataclass
class Pool:
    male: list[Name]
    female: list[Name]
    family: list[Name]
    male_weights: list[float]
    female_weights: list[float]
    family_weights: list[float]


@dataclass
class Row:
    person: int
    given: str
    family: str
    birth: dt.date | None
    precision: str
    street: str
    postcode: str
    household: int
    variant: str = ""
    given_name: Name | None = None
    family_name: Name | None = None


# --- Spellings (bench/name_spellings.py) and names ---------------------------------------


def _parse(block: str, origin: str) -> list[Name]:
    names: list[Name] = []
    seen: set[str] = set()
    for raw in re.split(r"[;\n]", block):
        entry = raw.strip()
        if not entry:
            continue
        latin, _, script = entry.partition("=")
        spellings = [part.strip() for part in latin.split("/") if part.strip()]
        script = script.strip()
        if re.search(r"[а-яіїєґА-ЯІЇЄҐёЁ]", spellings[0]):
            script, spellings = spellings[0], name_spellings.cyrillic(origin, spellings[0])
        if spellings[0] in seen:
            continue
        seen.add(spellings[0])
        name = Name(spellings, script, origin)
        name.extra = [s for s in name_spellings.habits(origin, spellings[0]) if s not in spellings]
        names.append(name)
    return names


def _feminine(origin: str, name: Name) -> Name:
    """Bulgarian, Ukrainian and Russian family names of a woman (Ivanov / Ivanova)."""
    word = name.script
    if origin not in ("BG", "UA", "RU") or not word:
        return name
    for masculine, feminine in (
        ("ський", "ська"),
        ("цький", "цька"),
        ("ский", "ская"),
        ("ий", "а"),
        ("ов", "ова"),
        ("ев", "ева"),
        ("ёв", "ёва"),
        ("ін", "іна"),
        ("ин", "ина"),
    ):
        if word.endswith(masculine):
            word = word[: -len(masculine)] + feminine
            break
    else:
        return name
    made = Name(name_spellings.cyrillic(origin, word), word, origin)
    made.extra = []
    return made


def _zipf(count: int, offset: float, power: float) -> list[float]:
    return [1.0 / (rank + offset) ** power for rank in range(1, count + 1)]


def pools() -> dict[str, Pool]:
    made = {}
    for origin, _share, _script in ORIGINS:
        male = _parse(getattr(name_pools, f"{origin}_MALE"), origin)
        female = _parse(getattr(name_pools, f"{origin}_FEMALE"), origin)
        family = _parse(getattr(name_pools, f"{origin}_FAMILY"), origin)
        made[origin] = Pool(
            male,
            female,
            family,
            _zipf(len(male), 2, 1.0),
            _zipf(len(female), 2, 1.0),
            _zipf(len(family), 5, 0.8),
        )
    return made


# --- Persons ------------------------------------------------------------------------------


def _spelling(rng: random.Random, name: Name) -> str:
    """How the first office writes a name: mostly the usual spelling."""
    if rng.random() < 0.65 or len(name.spellings) == 1:
        return name.spellings[0]
    return rng.choice(name.spellings[1:])


def _birth(rng: random.Random, year: int) -> dt.date:
    return dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))


def generate(persons: int, seed: int) -> list[Row]:  # noqa: PLR0915  (one household at a time)
    rng = random.Random(seed)  # noqa: S311  (benchmark data)
    all_pools = pools()
    origins = [origin for origin, _share, _script in ORIGINS]
    shares = [share for _origin, share, _script in ORIGINS]
    streets = list(STREETS)
    rows: list[Row] = []
    person = household = 0

    def pick(pool: Pool, kind: str) -> Name:
        names, weights = {
            "male": (pool.male, pool.male_weights),
            "female": (pool.female, pool.female_weights),
            "family": (pool.family, pool.family_weights),
        }[kind]
        return rng.choices(names, weights)[0]

    def family_name(origin: str, pool: Pool) -> Name:
        if origin in ("SY", "AF") and rng.random() < 0.25:
            return pick(pool, "male")  # the father's given name (Mohammad Ahmad)
        return pick(pool, "family")

    while person < persons:
        origin = rng.choices(origins, shares)[0]
        pool = all_pools[origin]
        street_name = rng.choice(streets)
        street = f"{street_name} {rng.randint(1, 140)}"
        postcode = STREETS[street_name]
        size = rng.choices((1, 2, 3, 4, 5, 6, 7), (33, 15, 15, 16, 11, 6, 4))[0]
        household += 1
        father_family = family_name(origin, pool)
        members: list[tuple[Name, Name, dt.date]] = []
        used: set[str] = set()

        def given_of(sex: str, pool: Pool = pool, used: set[str] = used) -> Name:
            for _attempt in range(20):
                given = pick(pool, sex)
                if given.spellings[0] not in used:
                    break
            used.add(given.spellings[0])
            return given

        mother_year = rng.randint(1955, 2003)
        if size == 1:
            sex = rng.choice(("male", "female"))
            family = father_family if sex == "male" else _feminine(origin, father_family)
            members.append((given_of(sex), family, _birth(rng, mother_year)))
        else:
            couple = rng.random() < 0.85
            mother_family = _feminine(origin, father_family)
            if origin in ("SY", "AF", "KU") and rng.random() < 0.7:
                mother_family = family_name(origin, pool)
            members.append((given_of("female"), mother_family, _birth(rng, mother_year)))
            if couple:
                father_year = min(mother_year + rng.randint(-3, 8), 2003)
                members.append((given_of("male"), father_family, _birth(rng, father_year)))
            children = size - len(members)
            previous: dt.date | None = None
            for _child in range(children):
                sex = rng.choice(("male", "female"))
                family = father_family if sex == "male" else _feminine(origin, father_family)
                if previous is not None and rng.random() < 0.02:
                    born = previous  # twins
                else:
                    born = _birth(
                        rng, mother_year + rng.randint(18, min(42, TODAY_YEAR - mother_year))
                    )
                previous = born
                members.append((given_of(sex), family, born))
        for given, family, born in members:
            base = Row(
                person,
                _spelling(rng, given),
                _spelling(rng, family),
                born,
                "day",
                street,
                postcode,
                household,
                "",
                given,
                family,
            )
            rows.append(base)
            if rng.random() < 0.5:
                rows.append(_variant(rng, base, origin))
            person += 1
    return rows


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("swap", "drop", "double", "replace"))
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice("aeiounrstlk") + word[i + 1 :]


def _other_spelling(rng: random.Random, name: Name, written: str) -> str:
    listed = [s for s in name.spellings if s != written]
    made = [s for s in name.extra if s != written]
    if listed and (not made or rng.random() < 0.6):
        return rng.choice(listed)
    return rng.choice(made) if made else written


def _kinds(base: Row, origin: str) -> list[str]:
    kinds = ["spelling", "swapped", "typo", "year only", "no birth date"]
    if {o: script for o, _share, script in ORIGINS}[origin]:
        kinds.append("script")
    if name_spellings.strip(base.given + base.family) != base.given + base.family:
        kinds.append("diacritics")
    if base.birth and base.birth.day <= 12 and base.birth.day != base.birth.month:
        kinds.append("day-month")
    return kinds


def _variant(rng: random.Random, base: Row, origin: str) -> Row:  # noqa: PLR0912
    row = Row(**base.__dict__)
    kind = rng.choice(_kinds(base, origin))
    row.variant = kind
    if base.given_name is None or base.family_name is None or base.birth is None:
        raise ValueError("a second record needs a complete first one")
    if kind == "spelling":
        row.given = _other_spelling(rng, base.given_name, base.given)
        row.family = _other_spelling(rng, base.family_name, base.family)
    elif kind == "script":
        row.given = base.given_name.script or row.given
        row.family = base.family_name.script or row.family
    elif kind == "diacritics":
        row.given, row.family = name_spellings.strip(row.given), name_spellings.strip(row.family)
    elif kind == "swapped":
        row.given, row.family = row.family, row.given
    elif kind == "typo":
        if rng.random() < 0.5:
            row.given = _typo(rng, row.given)
        else:
            row.family = _typo(rng, row.family)
    elif kind == "year only":
        row.birth, row.precision = dt.date(base.birth.year, 1, 1), "year"
    elif kind == "day-month":
        row.birth = dt.date(base.birth.year, base.birth.day, base.birth.month)
    elif kind == "no birth date":
        row.birth = None
    chance = rng.random()
    if chance < 0.25:  # another office, no address on record
        row.street, row.postcode = "", ""
    elif chance < 0.35:  # moved
        street_name = rng.choice(list(STREETS))
        row.street, row.postcode = f"{street_name} {rng.randint(1, 140)}", STREETS[street_name]
    return row


def records_of(rows: list[Row]) -> list:  # type: ignore[type-arg]
    from lotse.people import matching
    from lotse.people.names import name_key, skeleton_words

    return [
        matching.Record(
            given=name_key(row.given),
            family=name_key(row.family),
            skeletons=skeleton_words(row.given, row.family),
            birth_date=row.birth,
            birth_precision=row.precision,
            street=name_key(row.street),
            postcode=row.postcode,
        )
        for row in rows
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--show", type=int, default=0, help="print this many misses and false pairs"
    )
    args = parser.parse_args()
    import django

    django.setup()
    from lotse.people.duplicates import find_pairs

    rows = generate(args.persons, args.seed)
    records = records_of(rows)
    started = time.perf_counter()
    detection = find_pairs(records)
    seconds = time.perf_counter() - started
    found = {(c.first, c.second) for c in detection.candidates}
    by_person: dict[int, list[int]] = {}
    for index, row in enumerate(rows):
        by_person.setdefault(row.person, []).append(index)
    true = {(ix[0], ix[1]) for ix in by_person.values() if len(ix) == 2}
    hits = len(found & true)
    precision = hits / len(found) if found else 0.0
    recall = hits / len(true)
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    print(
        f"{len(rows)} records of {args.persons} persons (seed {args.seed}), {len(true)} true "
        f"pairs; {detection.compared} pairs compared in {seconds:.1f} s"
    )
    print(f"precision {precision:.4f}  recall {recall:.4f}  F1 {f1:.4f}")
    kinds = Counter(rows[j].variant for _i, j in true)
    missed = Counter(rows[j].variant for i, j in true if (i, j) not in found)
    for kind in VARIANTS:
        total = kinds[kind]
        print(
            f"  {kind:14} recall {(total - missed[kind]) / total if total else 0:.3f} "
            f"({missed[kind]} of {total} missed)"
        )
    wrong = Counter(
        "same household" if rows[i].household == rows[j].household else "other"
        for i, j in found - true
    )
    print(f"  false pairs: {dict(wrong)}")
    from lotse.people import matching
    from lotse.people.calibration import calibrate_records
    from lotse.people.duplicates import name_shares

    share, calibration = name_shares(records), calibrate_records(records)
    print(f"  estimated from the records: {calibration}")
    if args.show:

        def show(i: int, j: int) -> str:
            a, b = rows[i], rows[j]
            ev = matching.compare(records[i], records[j], share, calibration)
            return (
                f"{a.given} {a.family} {a.birth} {a.street} | {b.given} {b.family} {b.birth} "
                f"{b.precision} {b.street} [{b.variant}] {ev.score:.3f} {ev.codes}"
            )

        print("misses:")
        for i, j in sorted(true - found)[: args.show]:
            print("  ", show(i, j))
        print("false pairs:")
        for i, j in sorted(found - true)[: args.show]:
            print("  ", show(i, j))


if __name__ == "__main__":
    main()
