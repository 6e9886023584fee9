"""What the people commands share: the municipality they work on, and one language for
everything they say (the site's, or ``--language``), so that a command's own words and the
messages it passes on are not half German, half English."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from lotse.tenancy.models import Municipality


def municipality_by_slug(slug: str) -> Municipality:
    """The municipality a command works on, or a clear error naming the slug."""
    try:
        return Municipality.objects.get(slug=slug)
    except Municipality.DoesNotExist as exc:
        raise CommandError(_("No municipality with the slug %(slug)r.") % {"slug": slug}) from exc


def add_language_argument(parser: CommandParser) -> None:
    parser.add_argument(
        "--language",
        choices=[code for code, _name in settings.LANGUAGES],
        help="the language of the output (default: the site's)",
    )


def in_language(handle: Callable[..., Any]) -> Callable[..., Any]:
    """``handle`` in the language of ``--language``, or the site's (LANGUAGE_CODE)."""

    @functools.wraps(handle)
    def wrapper(self: Any, *args: Any, **options: Any) -> Any:
        with translation.override(options.get("language") or settings.LANGUAGE_CODE):
            return handle(self, *args, **options)

    return wrapper
