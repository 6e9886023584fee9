"""Quality of the duplicate detection on migrant names, with known ground truth.

    .venv/bin/python bench/names.py [--persons 20000] [--seed 7]

Generates persons of the origins counselled in KIM (Syria, Iraq, Afghanistan, Romania,
Bulgaria, Ukraine, Turkey, Germany) in households, then a second record for about half of
them as another office would have written it: another transliteration (Mohammed /
Muhammad / محمد, Ivanov / Ivanoff / Иванов), diacritics dropped, given and family name
swapped, a typo, only the year of birth, day and month of birth swapped, no date of birth.
Hard cases that must NOT match are there too: family members at one address, and
different persons with common names. Runs Lotse's detection (``find_pairs``, exactly the
code of the bulk detection) and prints precision, recall and F1, and the recall per kind
of variant. Goal: recall >= 0.95 at precision >= 0.95.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")

# (name, other spellings as other offices write it, including the original script)
ORIGINS: dict[str, tuple[list[tuple[str, list[str]]], list[tuple[str, list[str]]]]] = {
    "SY": (
        [
            ("Mohammed", ["Muhammad", "Mohamad", "Mohamed", "محمد"]),
            ("Ahmad", ["Ahmed", "أحمد"]),
            ("Fatima", ["Fatma", "Fatimah", "فاطمة"]),
            ("Aisha", ["Aischa", "Ayesha", "عائشة"]),
            ("Hassan", ["Hasan", "حسن"]),
            ("Omar", ["Umar", "عمر"]),
            ("Youssef", ["Yusuf", "Yousef", "يوسف"]),
            ("Khaled", ["Khalid", "خالد"]),
            ("Mariam", ["Maryam", "مريم"]),
            ("Zainab", ["Zeinab", "زينب"]),
            ("Ali", ["علي"]),
            ("Nour", ["Noor", "Nur", "نور"]),
            ("Samir", ["Sameer", "سمير"]),
            ("Layla", ["Leila", "Laila", "ليلى"]),
            ("Ibrahim", ["Ebrahim", "إبراهيم"]),
            ("Mustafa", ["Mostafa", "Moustafa", "مصطفى"]),
        ],
        [
            ("Al-Hassan", ["Alhasan", "El Hassan", "الحسن"]),
            ("Haddad", ["Hadad", "حداد"]),
            ("Khalil", ["Chalil", "خليل"]),
            ("Al-Ahmad", ["Alahmad", "El-Ahmad", "الأحمد"]),
            ("Mansour", ["Mansur", "منصور"]),
            ("Saleh", ["Salih", "صالح"]),
            ("Othman", ["Osman", "Uthman", "عثمان"]),
            ("Abbas", ["Abas", "عباس"]),
            ("Darwish", ["Darwisch", "Derwisch", "درويش"]),
            ("Al-Khatib", ["Alkhatib", "El Khatib", "الخطيب"]),
            ("Suleiman", ["Sulaiman", "Sleiman", "سليمان"]),
            ("Nasser", ["Naser", "ناصر"]),
            ("Yassin", ["Yasin", "ياسين"]),
        ],
    ),
    "AF": (
        [
            ("Mohammad", ["Muhammad", "محمد"]),
            ("Zahra", ["Sahra", "زهرا"]),
            ("Hossein", ["Hussain", "Husain", "حسین"]),
            ("Fatemeh", ["Fatema", "فاطمه"]),
            ("Reza", ["Resa", "رضا"]),
            ("Maryam", ["Mariam", "مریم"]),
            ("Ahmad", ["Ahmed", "احمد"]),
        ],
        [
            ("Ahmadi", ["Ahmady", "احمدی"]),
            ("Hosseini", ["Husseini", "حسینی"]),
            ("Rahimi", ["Rahemi", "رحیمی"]),
            ("Mohammadi", ["Muhammadi", "محمدی"]),
            ("Karimi", ["Karemi", "کریمی"]),
            ("Rezaei", ["Rezai", "رضایی"]),
        ],
    ),
    "RO": (
        [
            ("Ion", []),
            ("Ștefan", ["Stefan", "Ştefan"]),
            ("Mihai", []),
            ("Andrei", []),
            ("Gheorghe", ["Georghe"]),
            ("Ioana", []),
            ("Maria", []),
            ("Elena", []),
            ("Alexandru", ["Aleksandru"]),
            ("Cătălina", ["Catalina"]),
            ("Răzvan", ["Razvan"]),
        ],
        [
            ("Popescu", ["Popesku"]),
            ("Ionescu", ["Ionesku"]),
            ("Dumitrașcu", ["Dumitrascu", "Dumitraşcu"]),
            ("Constantin", ["Konstantin"]),
            ("Stănescu", ["Stanescu"]),
            ("Mărgărit", ["Margarit"]),
            ("Lupu", []),
            ("Rădulescu", ["Radulescu"]),
            ("Munteanu", []),
            ("Țurcanu", ["Turcanu", "Ţurcanu"]),
        ],
    ),
    "BG": (
        [
            ("Georgi", ["Георги"]),
            ("Ivan", ["Иван"]),
            ("Dimitar", ["Димитър"]),
            ("Petya", ["Петя", "Petja"]),
            ("Yordanka", ["Йорданка", "Jordanka"]),
            ("Hristo", ["Христо", "Christo"]),
        ],
        [
            ("Georgiev", ["Георгиев", "Georgieff"]),
            ("Ivanov", ["Иванов", "Ivanow", "Ivanoff"]),
            ("Dimitrova", ["Димитрова", "Dimitrowa"]),
            ("Petrov", ["Петров", "Petroff"]),
            ("Stoyanov", ["Стоянов", "Stojanov"]),
            ("Hristov", ["Христов", "Christov"]),
        ],
    ),
    "UA": (
        [
            ("Olena", ["Олена"]),
            ("Oleksandr", ["Олександр", "Oleksander"]),
            ("Dmytro", ["Дмитро", "Dmitro"]),
            ("Yuliia", ["Юлія", "Julija", "Yulia"]),
            ("Serhii", ["Сергій", "Serhiy"]),
            ("Kateryna", ["Катерина", "Katerina"]),
        ],
        [
            ("Shevchenko", ["Шевченко", "Schewtschenko"]),
            ("Kovalenko", ["Коваленко", "Kowalenko"]),
            ("Bondarenko", ["Бондаренко"]),
            ("Tkachenko", ["Ткаченко", "Tkatschenko"]),
            ("Kravchenko", ["Кравченко", "Krawtschenko"]),
        ],
    ),
    "TR": (
        [
            ("Mehmet", ["Mehmed"]),
            ("Ayşe", ["Ayse", "Aysche"]),
            ("Müge", ["Muege", "Muge"]),
            ("Çağrı", ["Cagri"]),
            ("Yıldız", ["Yildiz"]),
            ("Emre", []),
        ],
        [
            ("Yılmaz", ["Yilmaz"]),
            ("Öztürk", ["Oeztuerk", "Ozturk"]),
            ("Şahin", ["Sahin", "Schahin"]),
            ("Ağaoğlu", ["Agaoglu"]),
            ("Çelik", ["Celik", "Tschelik"]),
            ("Doğan", ["Dogan"]),
        ],
    ),
    "DE": (
        [("Jürgen", ["Juergen"]), ("Anna", []), ("Lukas", ["Lucas"]), ("Sophie", ["Sofie"])],
        [("Müller", ["Mueller"]), ("Schmidt", ["Schmitt"]), ("Weiß", ["Weiss"]), ("Becker", [])],
    ),
}
STREETS = [
    "Weseler Str.",
    "Wanheimer Str.",
    "Hochfelder Markt",
    "Friedrich-Ebert-Str.",
    "Kaiser-Wilhelm-Str.",
    "Ottostr.",
    "Brückenstr.",
    "Fischerstr.",
]
POSTCODES = ["47051", "47053", "47057", "47119", "47138", "47166", "47169", "47179", "47226"]
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


@dataclass
class Row:
    person: int
    given: str
    family: str
    original: str
    birth: dt.date | None
    precision: str
    street: str
    postcode: str
    variant: str = ""


def _strip(text: str) -> str:
    import unicodedata

    folded = unicodedata.normalize("NFKD", text.replace("ı", "i"))
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


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


def generate(persons: int, seed: int) -> list[Row]:
    rng = random.Random(seed)  # noqa: S311  (benchmark data)
    rows: list[Row] = []
    person = 0
    while person < persons:
        origin = rng.choice(list(ORIGINS))
        givens, families = ORIGINS[origin]
        family = rng.choice(families)
        street = f"{rng.choice(STREETS)} {rng.randint(1, 120)}"
        postcode = rng.choice(POSTCODES)
        size = min(rng.choice((1, 1, 2, 3, 4, 5)), len(givens))
        # Households; within a family, every member has a given name of their own.
        for given in rng.sample(givens, size):
            birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(70 * 365))
            base = Row(person, given[0], family[0], "", birth, "day", street, postcode)
            rows.append(base)
            if rng.random() < 0.5:
                rows.append(_variant(rng, base, given, family))
            person += 1
    return rows


def _variant(rng: random.Random, base: Row, given: tuple, family: tuple) -> Row:  # type: ignore[type-arg]
    row = Row(**base.__dict__)
    kind = rng.choice(VARIANTS)
    row.variant = kind
    other_given = [v for v in given[1] if v.isascii()] or [given[0]]
    other_family = [v for v in family[1] if v.isascii()] or [family[0]]
    if kind == "spelling":
        row.given, row.family = rng.choice(other_given), rng.choice(other_family)
    elif kind == "script":
        scripts = (
            [v for v in given[1] if not v.isascii()],
            [v for v in family[1] if not v.isascii()],
        )
        row.given = rng.choice(scripts[0]) if scripts[0] else row.given
        row.family = rng.choice(scripts[1]) if scripts[1] else row.family
    elif kind == "diacritics":
        row.given, row.family = _strip(row.given), _strip(row.family)
    elif kind == "swapped":
        row.given, row.family = row.family, row.given
    elif kind == "typo":
        if rng.random() < 0.5:
            row.given = _typo(rng, row.given)
        else:
            row.family = _typo(rng, row.family)
    elif kind == "year only":
        row.birth, row.precision = dt.date(base.birth.year, 1, 1), "year"  # type: ignore[union-attr]
    elif kind == "day-month" and base.birth and base.birth.day <= 12:
        row.birth = dt.date(base.birth.year, base.birth.day, base.birth.month)
    elif kind == "no birth date":
        row.birth = None
    if rng.random() < 0.3:  # another office, another address on record
        row.street, row.postcode = "", ""
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    import django

    django.setup()
    from lotse.people import matching
    from lotse.people.duplicates import find_pairs
    from lotse.people.names import name_key, skeleton_words

    rows = generate(args.persons, args.seed)
    records = [
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
    started = time.perf_counter()
    detection = find_pairs(records)
    seconds = time.perf_counter() - started
    found = {(c.first, c.second) for c in detection.candidates}
    by_person: dict[int, list[int]] = {}
    for index, row in enumerate(rows):
        by_person.setdefault(row.person, []).append(index)
    true = {tuple(sorted(ix)) for ix in by_person.values() if len(ix) == 2}
    hits = len(found & true)
    precision = hits / len(found) if found else 0.0
    recall = hits / len(true)
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    print(
        f"{len(rows)} records of {args.persons} persons, {len(true)} true pairs; "
        f"{detection.compared} pairs compared in {seconds:.1f} s"
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
        "same household" if rows[i].street and rows[i].street == rows[j].street else "other"
        for i, j in found - true
    )
    print(f"  false pairs: {dict(wrong)}")


if __name__ == "__main__":
    main()
