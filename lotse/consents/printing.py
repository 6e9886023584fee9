"""The consent form to print and sign: German beside the person's language.

The texts are gettext messages with the context "consent form", so translators correct them
in the catalogues like every other text.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import pgettext

from lotse.consents.models import Consent
from lotse.core.catalogues import category_labels

# Languages the form is printed in beside German, with their own names.
FORM_LANGUAGES = {
    "en": "English",
    "ro": "Română",
    "bg": "Български",
    "ar": "العربية",
    "tr": "Türkçe",
    "uk": "Українська",
    "fa": "فارسی",
}
RIGHT_TO_LEFT = frozenset({"ar", "fa"})
# Dari readers read the Farsi form.
SAME_FORM = {"prs": "fa"}


@dataclass(frozen=True)
class FormText:
    language: str
    language_name: str
    rtl: bool
    title: str
    agreement: str
    person: str
    recipient: str
    purpose: str
    data: str
    categories: list[str]
    validity: str
    voluntary: str
    withdrawal: str
    refusal: str
    place_date: str
    signature_person: str
    signature_parent: str
    legal_basis: str


def form_text(consent: Consent, language: str) -> FormText:
    """The form's wording in one language (German: "de")."""
    start = consent.given_on.strftime("%d.%m.%Y")
    with translation.override(language):
        if consent.valid_until:
            validity = pgettext("consent form", "Valid from %(start)s until %(end)s.") % {
                "start": start,
                "end": consent.valid_until.strftime("%d.%m.%Y"),
            }
        else:
            validity = pgettext("consent form", "Valid from %(start)s until it is withdrawn.") % {
                "start": start
            }
        return FormText(
            language=language,
            language_name=FORM_LANGUAGES.get(language, "Deutsch"),
            rtl=language in RIGHT_TO_LEFT,
            title=pgettext("consent form", "Consent to share personal data"),
            agreement=pgettext(
                "consent form",
                "I agree that the integration management of %(municipality)s may pass on the "
                "data named below to the organisation named below, for the purpose named below.",
            )
            % {"municipality": consent.person.municipality.name},
            person=pgettext("consent form", "Person"),
            recipient=pgettext("consent form", "Recipient"),
            purpose=pgettext("consent form", "Purpose"),
            data=pgettext("consent form", "Data that may be shared"),
            categories=category_labels(consent.categories),
            validity=validity,
            voluntary=pgettext("consent form", "This consent is voluntary."),
            withdrawal=pgettext(
                "consent form",
                "You can withdraw it at any time without giving reasons: in writing, by e-mail "
                "or in person at the support centre. The withdrawal applies from that moment; "
                "what was shared before remains lawful.",
            ),
            refusal=pgettext(
                "consent form",
                "If you do not consent or withdraw your consent, you lose no counselling and no "
                "benefit. Only the organisation named above will not receive your data from "
                "us; you may then have to give it to them yourself.",
            ),
            place_date=pgettext("consent form", "Place, date"),
            signature_person=pgettext("consent form", "Signature of the person"),
            signature_parent=pgettext(
                "consent form", "Signature of a parent or legal guardian (for persons under 16)"
            ),
            legal_basis=pgettext(
                "consent form",
                "Legal basis: Art. 6 (1) (a) and Art. 9 (2) (a) GDPR, § 67b SGB X.",
            ),
        )


def default_language(consent: Consent) -> str:
    """The person's first language if the form exists in it, else English."""
    for entry in consent.person.languages.all():
        code = SAME_FORM.get(entry.language, entry.language)
        if code in FORM_LANGUAGES:
            return code
    return "en"
