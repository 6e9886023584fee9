"""The persons' name keys and skeletons made again where Arabic and Farsi script is read
anew (``names.latin_readings``): an ayn or alef beginning a word is a vowel (علي: "ali", not
"li"), the article al- is split off (الخطيب: "al khtib"), a ه after a consonant is a
syllable (زهرا: "zahr", whose skeleton is Zahra's), a ض is read as d and as z (رضا: Reza);
a particle's skeleton is also stored with the word after it (``names.skeleton_words``)."""

from django.db import migrations

from lotse.people.rekeying import make_again


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0017_import_check_only"),
    ]

    operations = [migrations.RunPython(make_again, migrations.RunPython.noop, elidable=True)]
