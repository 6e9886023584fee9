"""The persons' name keys and skeletons made again where the keys and the folding changed.

- A soft or hard sign (ь, ъ), an Arabic ayn or hamza (ع, ء) and an apostrophe no longer
  split a word (Ольга: "olga", not "ol ga"); و and ي inside an Arabic or Farsi word are the
  vowels u and i (يوسف: "yusf", like Yusuf), a و also w in the stored skeletons (مروان:
  Marwan); a closing ة is an a; a key holds at most 150 characters (``names.name_key``).
- The skeletons fold German transcriptions: a j where English writes y (Jussuf, Yusuf), the
  final j or y of Slavic names (Sergej, Sergey), a j that softens a consonant (Tatjana,
  Tatiana), dsch (Dschamal, Jamal), zh like sch
  (Schukow, Zhukov), ts and tz like z (Zwetan, Tsvetan) (``names.skeleton``).

The stored keys and skeletons (``Person.given_key``, ``family_key``, ``name_skeleton``, and
through the person table's triggers the distinct names) are made with the current
functions, each changed person written once."""

from django.db import migrations

from lotse.people.rekeying import make_again


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0014_import_language"),
    ]

    operations = [migrations.RunPython(make_again, migrations.RunPython.noop, elidable=True)]
