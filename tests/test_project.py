"""The project as an operator sees it: settings, commands, catalogues."""

import gettext
import os
import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "lotse" / "locale"


def _run(args, env_overrides, tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "LOTSE_", "SECRET_KEY", "DEBUG"))
    }
    env.update(env_overrides)
    env.setdefault("LOTSE_VAR_DIR", str(tmp_path))
    return subprocess.run(args, env=env, capture_output=True, text=True, cwd=ROOT, check=False)


def test_production_settings_pass_the_deploy_check(tmp_path):
    result = _run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        {
            "SECRET_KEY": "a-long-random-production-key-" + "k7Q9xZ2mV4pL8rT1wN6bY3" * 2,
            "ALLOWED_HOSTS": "lotse.duisburg.example",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        },
        tmp_path,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_deploy_check_complains_about_debug(tmp_path):
    result = _run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        {"DEBUG": "1", "SECRET_KEY": "x" * 60},
        tmp_path,
    )
    assert result.returncode != 0
    assert "DEBUG" in result.stderr + result.stdout


def test_invalid_boolean_setting_is_a_clear_error(tmp_path):
    result = _run([sys.executable, "manage.py", "check"], {"DEBUG": "vielleicht"}, tmp_path)
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_lotse_console_command_is_manage_py(tmp_path):
    lotse = Path(sys.executable).parent / "lotse"
    assert lotse.exists(), "the console command is installed with the package"
    result = _run([str(lotse), "help", "seed-demo"], {"SECRET_KEY": "x" * 60}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Load the demo data" in result.stdout


def test_sqlite_is_the_default_database(tmp_path):
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    result = _run(
        [
            sys.executable,
            "-c",
            (
                "import django, os; os.environ['DJANGO_SETTINGS_MODULE']="
                f"'lotse.settings'; django.setup(); {code}"
            ),
        ],
        {"SECRET_KEY": "x" * 60},
        tmp_path,
    )
    assert result.stdout.strip() == "django.db.backends.sqlite3", result.stderr


def test_german_is_the_default_language():
    assert settings.LANGUAGE_CODE == "de"
    assert [code for code, _name in settings.LANGUAGES] == ["de", "en"]


CATALOGUES = ["de", "en", "ro", "bg", "ar", "tr", "uk", "fa"]


@pytest.mark.parametrize("language", CATALOGUES)
def test_catalogue_is_compiled_from_its_source(language):
    source = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    with (LOCALE / language / "LC_MESSAGES" / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in source.translated_entries():
        if entry.msgid_plural:
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr_plural[0]
        else:
            key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
            assert compiled.gettext(key) == entry.msgstr, entry.msgid


def test_german_catalogue_is_complete():
    source = polib.pofile(str(LOCALE / "de" / "LC_MESSAGES" / "django.po"))
    assert [e.msgid for e in source.untranslated_entries()] == []
    assert [e.msgid for e in source.fuzzy_entries()] == []
    for entry in source.translated_entries():
        for placeholder in ("%(", "{"):
            assert (
                entry.msgid.count(placeholder)
                <= (entry.msgstr or entry.msgstr_plural.get(1, "")).count(placeholder)
                or entry.msgid_plural
            ), entry.msgid


@pytest.mark.parametrize("language", ["ro", "bg", "ar", "tr", "uk", "fa"])
def test_consent_form_is_translated_completely(language):
    """The printed consent form and its data categories exist in every form language, with
    the same placeholders as the English text."""
    source = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    form = [e for e in source if e.msgctxt in {"consent form", "data category"}]
    assert len(form) == 24
    assert [e.msgid for e in form if not e.msgstr or e.fuzzy] == []
    for entry in form:
        assert sorted(re.findall(r"%\(\w+\)s", entry.msgid)) == sorted(
            re.findall(r"%\(\w+\)s", entry.msgstr)
        ), entry.msgid


def test_models_and_migrations_agree(tmp_path):
    result = _run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        {"SECRET_KEY": "x" * 60},
        tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
