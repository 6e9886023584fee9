"""Forms of the service directory: the staff form for an offer, and the filters of the
analysis and of the public finder. They validate input; the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lotse.cases.forms import PageForm, VersionedForm
from lotse.core.catalogues import Language, LifeDomain
from lotse.directory.analysis import AGE_BANDS, Filters
from lotse.directory.enums import Cost, TargetGroup
from lotse.directory.models import DESCRIPTION_LANGUAGES
from lotse.tenancy.models import Organisation, Site

DESCRIPTION_LANGUAGE_NAMES = {
    "en": _("English"),
    "ar": _("Arabic"),
    "ro": _("Romanian"),
    "bg": _("Bulgarian"),
    "tr": _("Turkish"),
    "uk": _("Ukrainian"),
}


class SiteChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Site) -> str:
        return f"{obj.name} ({obj.district or obj.city})"


class ServiceForm(VersionedForm):
    id_prefix = "service"
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    name = forms.CharField(label=_("Name (German)"), max_length=200)
    description = forms.CharField(
        label=_("Description (German)"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    life_domains = forms.MultipleChoiceField(
        label=_("Life domains"), choices=LifeDomain.choices, widget=forms.CheckboxSelectMultiple
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"),
        choices=TargetGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages offered"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    age_min = forms.IntegerField(label=_("From age"), min_value=0, max_value=120, required=False)
    age_max = forms.IntegerField(label=_("Up to age"), min_value=0, max_value=120, required=False)
    sites = SiteChoices(
        label=_("Sites"),
        queryset=Site.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Where the offer takes place; the opening hours are those of the site."),
    )
    cost = forms.ChoiceField(label=_("Cost"), choices=Cost.choices)
    capacity = forms.IntegerField(
        label=_("Capacity (persons per month)"), min_value=0, required=False
    )
    waiting_days = forms.IntegerField(
        label=_("Current waiting time in days"), min_value=0, max_value=32000, required=False
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    eligibility = forms.CharField(
        label=_("Who can come (public)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    internal_note = forms.CharField(
        label=_("Internal note (never public)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    valid_from = forms.DateField(
        label=_("Valid from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_until = forms.DateField(
        label=_("Valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(
        self,
        *args: Any,
        organisations: QuerySet[Organisation],
        sites: QuerySet[Site],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        organisation_field = self.fields["organisation"]
        site_field = self.fields["sites"]
        assert isinstance(organisation_field, forms.ModelChoiceField)  # noqa: S101
        assert isinstance(site_field, forms.ModelMultipleChoiceField)  # noqa: S101
        organisation_field.queryset = organisations
        site_field.queryset = sites
        for code in DESCRIPTION_LANGUAGES:
            label = DESCRIPTION_LANGUAGE_NAMES[code]
            self.fields[f"name_{code}"] = forms.CharField(
                label=_("Name in %(language)s") % {"language": label},
                max_length=200,
                required=False,
            )
            self.fields[f"description_{code}"] = forms.CharField(
                label=_("Description in %(language)s") % {"language": label},
                max_length=4000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def translations(self) -> dict[str, dict[str, str]]:
        result = {}
        for code in DESCRIPTION_LANGUAGES:
            name = self.cleaned_data.get(f"name_{code}", "").strip()
            description = self.cleaned_data.get(f"description_{code}", "").strip()
            if name or description:
                result[code] = {"name": name, "description": description}
        return result

    @staticmethod
    def translation_initial(translations: dict[str, dict[str, str]]) -> dict[str, str]:
        initial = {}
        for code, entry in (translations or {}).items():
            initial[f"name_{code}"] = entry.get("name", "")
            initial[f"description_{code}"] = entry.get("description", "")
        return initial


def _blank(label: Any) -> list[tuple[str, Any]]:
    return [("", label)]


AGE_BAND_CHOICES = [(band, band.replace("-", "–")) for band in AGE_BANDS]


class AnalysisFilterForm(PageForm):
    """The filters of the analysis; they live in the URL so a view can be shared."""

    id_prefix = "filter"
    district = forms.ChoiceField(label=_("District"), required=False)
    life_domain = forms.ChoiceField(
        label=_("Life domain"), choices=_blank(_("All")) + list(LifeDomain.choices), required=False
    )
    language = forms.ChoiceField(
        label=_("First language"),
        choices=_blank(_("All")) + list(Language.choices),
        required=False,
    )
    age_band = forms.ChoiceField(
        label=_("Age"), choices=_blank(_("All")) + AGE_BAND_CHOICES, required=False
    )
    target_group = forms.ChoiceField(
        label=_("Target group of the offers"),
        choices=_blank(_("All")) + list(TargetGroup.choices),
        required=False,
    )
    since = forms.DateField(
        label=_("Referrals and goals from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = forms.DateField(
        label=_("until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, districts: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["district"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101
        field.choices = _blank(_("All")) + [(d, d) for d in districts]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end lies before the start."))
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(
            district=data.get("district") or "",
            life_domain=data.get("life_domain") or "",
            language=data.get("language") or "",
            age_band=data.get("age_band") or "",
            target_group=data.get("target_group") or "",
            since=data.get("since"),
            until=data.get("until"),
        )
