"""Forms of the clearing pages; the services check what depends on the stored case."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.cases.forms import PageForm, VersionedForm
from lotse.cases.models import Case
from lotse.cases.work_forms import date_field
from lotse.clearing.enums import ClearingStatus, StepKind, StepResult
from lotse.clearing.models import NOTE_MAX


def _status_choices() -> list[tuple[str, Any]]:
    return [("", "—"), *ClearingStatus.choices]


class KimCaseField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.reference)


class OpenClearingForm(PageForm):
    id_prefix = "open"
    status_at_start = forms.ChoiceField(
        label=_("Insurance status at the start"), choices=_status_choices
    )
    opened_on = date_field(_("Opened on"))
    case = KimCaseField(
        label=_("KIM case"),
        queryset=Case.objects.none(),
        required=False,
        empty_label="—",
        help_text=_("Only if the clearing runs beside a case of the integration management."),
    )

    def __init__(self, *args: Any, kim_cases: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["case"]
        if isinstance(field, forms.ModelChoiceField) and kim_cases is not None:
            field.queryset = kim_cases

    def clean_opened_on(self) -> dt.date:
        return _not_future(self.cleaned_data["opened_on"])


class EditClearingForm(VersionedForm):
    """Corrections of what was recorded at the start."""

    id_prefix = "edit"
    status_at_start = forms.ChoiceField(
        label=_("Insurance status at the start"), choices=_status_choices
    )
    opened_on = date_field(_("Opened on"))
    case = KimCaseField(
        label=_("KIM case"), queryset=Case.objects.none(), required=False, empty_label="—"
    )

    def __init__(self, *args: Any, kim_cases: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["case"]
        if isinstance(field, forms.ModelChoiceField) and kim_cases is not None:
            field.queryset = kim_cases

    def clean_opened_on(self) -> dt.date:
        return _not_future(self.cleaned_data["opened_on"])


class StepForm(PageForm):
    id_prefix = "step"
    kind = forms.ChoiceField(label=_("Step"), choices=[("", "—"), *StepKind.choices])
    taken_on = date_field(_("Taken on"))
    result = forms.ChoiceField(
        label=_("Result"), choices=StepResult.choices, initial=StepResult.PENDING
    )
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=NOTE_MAX,
        required=False,
    )

    def clean_taken_on(self) -> dt.date:
        return _not_future(self.cleaned_data["taken_on"])


class CloseClearingForm(VersionedForm):
    id_prefix = "close"
    status_at_end = forms.ChoiceField(
        label=_("Insurance status at the end"), choices=_status_choices
    )
    closed_on = date_field(_("Closed on"))
    outcome = forms.CharField(
        label=_("Outcome"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=NOTE_MAX,
        required=False,
        help_text=_("In a few words: what has been reached?"),
    )

    def clean_closed_on(self) -> dt.date:
        return _not_future(self.cleaned_data["closed_on"])


class StatisticsForm(forms.Form):
    date_from = date_field(_("From"))
    date_to = date_field(_("To"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end lies before the start."))
        return data


def _not_future(day: dt.date) -> dt.date:
    if day > timezone.localdate():
        raise forms.ValidationError(_("The date lies in the future."))
    return day
