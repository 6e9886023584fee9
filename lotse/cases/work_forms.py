"""Forms for the work on a case."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.cases.enums import GoalStatus, Responsible
from lotse.cases.forms import PageForm
from lotse.cases.models.work import NOTE_MAX
from lotse.core.catalogues import ContactForm as ContactFormChoice
from lotse.core.catalogues import Language, LifeDomain, NeedLevel
from lotse.tenancy.models import Organisation

DATE_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]


def date_field(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, input_formats=DATE_FORMATS, help_text=_("DD.MM.YYYY")
    )


class AssessmentForm(forms.Form):
    assessed_on = date_field(_("Assessed on"))
    note = forms.CharField(
        label=_("Overall note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=NOTE_MAX,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for domain in LifeDomain:
            self.fields[f"need_{domain.value}"] = forms.ChoiceField(
                label=_("Need"),
                choices=[("", _("Not assessed")), *NeedLevel.choices],
                required=False,
            )
            self.fields[f"situation_{domain.value}"] = forms.CharField(
                label=_("Situation"),
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=5000,
            )
            self.fields[f"resources_{domain.value}"] = forms.CharField(
                label=_("Resources"),
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                max_length=5000,
            )

    def domain_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "domain": domain,
                "need": self[f"need_{domain.value}"],
                "situation": self[f"situation_{domain.value}"],
                "resources": self[f"resources_{domain.value}"],
            }
            for domain in LifeDomain
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(f"need_{d.value}") for d in LifeDomain):
            raise forms.ValidationError(_("Assess at least one life domain."))
        return data

    def items(self) -> list[dict[str, str]]:
        data = self.cleaned_data
        return [
            {
                "life_domain": d.value,
                "need": data[f"need_{d.value}"],
                "situation": data[f"situation_{d.value}"],
                "resources": data[f"resources_{d.value}"],
            }
            for d in LifeDomain
            if data.get(f"need_{d.value}")
        ]


class GoalForm(forms.Form):
    life_domain = forms.ChoiceField(label=_("Life domain"), choices=LifeDomain.choices)
    description = forms.CharField(label=_("Goal"), max_length=500)
    target_date = date_field(_("Target date"))


class GoalStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)


class MeasureForm(forms.Form):
    description = forms.CharField(label=_("Measure"), max_length=500)
    responsible = forms.ChoiceField(label=_("Responsible"), choices=Responsible.choices)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Only when a partner organisation is responsible."),
    )
    due_date = date_field(_("Due date"), required=False)

    def __init__(self, *args: Any, municipality_id: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = Organisation.objects.filter(municipality_id=municipality_id)


class ContactForm(PageForm):
    id_prefix = "contact"
    contact_on = date_field(_("Date"))
    duration_minutes = forms.IntegerField(
        label=_("Duration in minutes"), min_value=1, max_value=1440
    )
    form = forms.ChoiceField(label=_("Form of contact"), choices=ContactFormChoice.choices)
    life_domains = forms.MultipleChoiceField(
        label=_("Life domains touched"),
        choices=LifeDomain.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    interpreter_used = forms.BooleanField(label=_("Interpreter used"), required=False)
    interpreter_language = forms.ChoiceField(
        label=_("Interpreter language"), choices=[("", "—"), *Language.choices], required=False
    )
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=NOTE_MAX,
    )


class FollowUpForm(PageForm):
    id_prefix = "followup"
    due_on = date_field(_("Due on"))
    note = forms.CharField(label=_("What to do"), max_length=500)
