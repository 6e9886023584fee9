"""Why two records were matched, in words: the evidence codes of ``matching`` and the
search as a sentence in the user's language."""

from django.utils.translation import gettext as _


def describe(codes: list[str]) -> str:
    """The evidence codes (``matching.Evidence.codes``, the search's) in words of the
    user's language: "same name in another spelling, same year of birth"."""
    texts = {
        "name:same": _("same name"),
        "name:spelling": _("same name in another spelling"),
        "name:begins": _("name begins with the words searched"),
        "name:typo": _("similar name"),
        "name:partial": _("similar name"),
        "name:swapped": _("given and family name swapped"),
        "name:different": _("different name"),
        "birth:date": _("same date of birth"),
        "birth:month": _("same month of birth"),
        "birth:year": _("same year of birth"),
        "birth:swapped": _("day and month of birth swapped"),
        "birth:digit": _("date of birth differs in one digit"),
        "birth:different": _("different date of birth"),
        "birth:unknown": _("no date of birth recorded"),
        "address": _("same address"),
        "phone": _("same phone number"),
        "other_name": _("by another name of one of them (maiden name, original script)"),
    }
    return ", ".join(str(texts[code]) for code in codes if code in texts)
