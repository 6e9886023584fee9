"""Forms for persons and households; they validate, the services write."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from lotse.core.catalogues import (
    Gender,
    InsuranceStatus,
    Language,
    LanguageLevel,
    ResidenceStatus,
)
from lotse.people.enums import DatePrecision
from lotse.people.models import Household
from lotse.people.validators import NAME_MAX, clean_birth_date, validate_name

_PARTIAL_DATE = (
    (re.compile(r"^(\d{4})$"), DatePrecision.YEAR),
    (re.compile(r"^(\d{1,2})[./](\d{4})$"), DatePrecision.MONTH),
    (re.compile(r"^(\d{4})-(\d{1,2})$"), DatePrecision.MONTH),
    (re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$"), DatePrecision.DAY),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), DatePrecision.DAY),
)


def parse_partial_date(text: str) -> tuple[dt.date, DatePrecision] | None:
    """'1987', '03.1987', '1987-03', '14.03.1987' or '1987-03-14' to a date and precision."""
    value = text.strip()
    for pattern, precision in _PARTIAL_DATE:
        match = pattern.match(value)
        if not match:
            continue
        parts = [int(p) for p in match.groups()]
        if precision == DatePrecision.YEAR:
            year, month, day = parts[0], 1, 1
        elif precision == DatePrecision.MONTH:
            month, year = parts if pattern.pattern.startswith("^(\\d{1,2})") else parts[::-1]
            day = 1
        elif pattern.pattern.startswith("^(\\d{4})"):
            year, month, day = parts
        else:
            day, month, year = parts
        try:
            return dt.date(year, month, day), precision
        except ValueError:
            return None
    return None


PARTIAL_DATE_INVALID = _("Enter a date as DD.MM.YYYY, a month as MM.YYYY or only the year as YYYY.")


class PartialDateField(forms.CharField):
    """A date of which perhaps only the year or month is known."""

    default_error_messages = {
        "invalid": PARTIAL_DATE_INVALID,
    }

    def to_python(self, value: Any) -> tuple[dt.date, DatePrecision] | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        parsed = parse_partial_date(text)
        if parsed is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


def _country_choices() -> list[tuple[str, str]]:
    return [("", "—"), *[(code, name) for code, name in countries]]


class PersonForm(forms.Form):
    # The API checks names with the same rules (people.validators).
    given_name = forms.CharField(
        label=_("Given name"), max_length=NAME_MAX, validators=[validate_name]
    )
    family_name = forms.CharField(
        label=_("Family name"), max_length=NAME_MAX, validators=[validate_name]
    )
    name_original = forms.CharField(
        label=_("Name in original script"),
        max_length=300,
        required=False,
        help_text=_("As written in the person's documents, e.g. in Arabic or Cyrillic script."),
    )
    other_names = forms.CharField(
        label=_("Also known as"),
        max_length=300,
        required=False,
        help_text=_(
            "Other names or spellings, e.g. in another office's records; separated by "
            "semicolons. The search finds the person by them too."
        ),
    )
    birth = PartialDateField(
        label=_("Date of birth"),
        required=False,
        help_text=_("DD.MM.YYYY, or MM.YYYY or YYYY if only that is known."),
    )
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, initial=Gender.NOT_STATED)
    nationality = forms.ChoiceField(
        label=_("Nationality"), choices=_country_choices, required=False
    )
    country_of_origin = forms.ChoiceField(
        label=_("Country of origin"), choices=_country_choices, required=False
    )
    arrival_date = forms.DateField(
        label=_("Arrival in Germany"),
        required=False,
        help_text=_("DD.MM.YYYY"),
        input_formats=["%d.%m.%Y", "%Y-%m-%d"],
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    interpreter_needed = forms.BooleanField(label=_("Interpreter needed"), required=False)
    interpreter_language = forms.ChoiceField(
        label=_("Interpreter language"),
        choices=[("", "—"), *Language.choices],
        required=False,
    )

    def clean_birth(self) -> tuple[dt.date, DatePrecision] | None:
        """A date of birth the person record refuses is refused here already, before the
        search for possible duplicates (the API shares the rule, people.validators)."""
        birth: tuple[dt.date, DatePrecision] | None = self.cleaned_data["birth"]
        if birth:
            clean_birth_date(birth[0])
        return birth

    def person_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        birth = data.pop("birth", None)
        data.pop("version", None)
        data["birth_date"], data["birth_date_precision"] = (
            birth if birth else (None, DatePrecision.DAY)
        )
        return data


class NewPersonForm(PersonForm):
    residence_status = forms.ChoiceField(
        label=_("Residence status"), choices=[("", "—"), *ResidenceStatus.choices], required=False
    )
    insurance_status = forms.ChoiceField(
        label=_("Health-insurance status"),
        choices=[("", "—"), *InsuranceStatus.choices],
        required=False,
    )
    first_language = forms.ChoiceField(
        label=_("First language"), choices=[("", "—"), *Language.choices], required=False
    )
    german_level = forms.ChoiceField(
        label=_("German"), choices=[("", "—"), *LanguageLevel.choices], required=False
    )
    confirm_new = forms.BooleanField(label=_("None of these: this is a new person"), required=False)

    EXTRA = (
        "residence_status",
        "insurance_status",
        "first_language",
        "german_level",
        "confirm_new",
    )

    def person_fields(self) -> dict[str, Any]:
        data = super().person_fields()
        for name in self.EXTRA:
            data.pop(name, None)
        return data

    def languages(self) -> list[tuple[Language, LanguageLevel]]:
        result: list[tuple[Language, LanguageLevel]] = []
        first = self.cleaned_data.get("first_language")
        if first:
            result.append((Language(first), LanguageLevel.NATIVE))
        german = self.cleaned_data.get("german_level")
        if german and first != Language.GERMAN:
            result.append((Language.GERMAN, LanguageLevel(german)))
        return result


class EditPersonForm(PersonForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    confirm_new = forms.BooleanField(
        label=_("None of these: this is a different person"), required=False
    )

    def person_fields(self) -> dict[str, Any]:
        data = super().person_fields()
        data.pop("confirm_new", None)
        return data


class PersonSearchForm(forms.Form):
    """The name search, optionally narrowed by a date of birth (also only a year)."""

    q = forms.CharField(label=_("Search by name"), max_length=200)
    birth = PartialDateField(
        label=_("Date of birth"),
        required=False,
        help_text=_("e.g. 14.03.1987 or only 1987"),
    )

    def search_arguments(self) -> dict[str, Any]:
        birth = self.cleaned_data.get("birth")
        return {
            "text": self.cleaned_data["q"],
            "birth_date": birth[0] if birth else None,
            "birth_date_precision": birth[1] if birth else "day",
        }


class HouseholdForm(forms.ModelForm):
    class Meta:
        model = Household
        fields = ["name", "street", "postcode", "city", "district"]


class ResidenceStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Residence status"), choices=ResidenceStatus.choices)
    legal_basis = forms.CharField(
        label=_("Legal basis"),
        max_length=100,
        required=False,
        help_text=_("E.g. § 25 Abs. 2 AufenthG"),
    )
    valid_from = forms.DateField(
        label=_("Valid from"), input_formats=["%d.%m.%Y", "%Y-%m-%d"], help_text=_("DD.MM.YYYY")
    )
    valid_until = forms.DateField(
        label=_("Valid until"),
        required=False,
        input_formats=["%d.%m.%Y", "%Y-%m-%d"],
        help_text=_("DD.MM.YYYY"),
    )


class InsuranceStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Health-insurance status"), choices=InsuranceStatus.choices)
    insurer = forms.CharField(label=_("Insurer"), max_length=150, required=False)
    valid_from = forms.DateField(
        label=_("Valid from"), input_formats=["%d.%m.%Y", "%Y-%m-%d"], help_text=_("DD.MM.YYYY")
    )
