"""What a person's name and date of birth must be, whichever way they come in: the forms,
the API and the import check them here, so that none lets through a value another refuses.
The person model imports this module (never the other way round)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext as _

from lotse.people.names import name_key

# Given and family name alike; the person's columns take their width from here.
NAME_MAX = 150

# Nobody living was born before (a year of 990 is 1990 or 1999 with a digit lost).
EARLIEST_BIRTH_YEAR = 1900

# A name key holds Latin letters, digits and spaces (``names.name_key``, any script
# transliterated); the search compares names by their letters, so a name whose key has none
# ("!!!", "123") is one no search could ever find.
_LETTER = re.compile(r"[a-z]")


def has_letter(value: str, key: Callable[[str], str] = name_key) -> bool:
    """Whether a name has a letter in any script. The key is asked too: an emoji has a
    transliteration but is no letter. ``key``: ``names.name_key``, or its remembering
    ``shared_key`` (an import, which makes the names' keys anyway)."""
    if value[:1].isascii() and value[:1].isalpha():  # most names: a Latin letter first
        return True
    return any(char.isalpha() for char in value) and _LETTER.search(key(value)) is not None


def validate_name(value: str) -> None:
    """Refuse a name without a single letter in any script (a Django validator)."""
    if not has_letter(value):
        raise ValidationError(_("A name needs at least one letter."), code="no_letter")


def clean_name(value: str) -> str:
    """A given or family name as a form's name field cleans it: without surrounding blanks,
    refused when nothing is left, when it is too long or has no letter."""
    name = value.strip()
    if not name:
        # Django's own wording (and translation), so the API says what the form says.
        raise ValidationError(_("This field is required."), code="required")
    MaxLengthValidator(NAME_MAX)(name)
    validate_name(name)
    return name


def clean_birth_date(value: dt.date) -> dt.date:
    """The date of birth, refused when it lies in the future or before
    ``EARLIEST_BIRTH_YEAR``. A date known only to the month or year is stored as its first
    day, so a year 1899 is refused too."""
    if value > dt.date.today():  # noqa: DTZ011  (a calendar date, not a moment)
        raise ValidationError(_("The date of birth lies in the future."), code="future")
    if value.year < EARLIEST_BIRTH_YEAR:
        raise ValidationError(
            _("The date of birth lies before %(year)s."),
            code="too_early",
            params={"year": EARLIEST_BIRTH_YEAR},
        )
    return value
