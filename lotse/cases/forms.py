from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.accounts.enums import Role
from lotse.accounts.models import User
from lotse.cases.enums import ClosureReason, Phase
from lotse.tenancy.models import Site


class PageForm(forms.Form):
    """A form that shares a page with others: its own id prefix keeps field ids unique."""

    id_prefix = "form"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class VersionedForm(PageForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class PhaseForm(VersionedForm):
    id_prefix = "phase"
    to_phase = forms.ChoiceField(label=_("Next phase"), choices=Phase.choices)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False
    )
    closure_reason = forms.ChoiceField(
        label=_("Reason for closure"),
        choices=[("", "—"), *ClosureReason.choices],
        required=False,
        help_text=_("Only when closing the case."),
    )
    outcome = forms.CharField(
        label=_("Outcome"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
        help_text=_("Only when closing the case: what has been achieved?"),
    )

    def __init__(self, *args: Any, allowed: list[Phase] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_phase"]
        if allowed is not None and isinstance(field, forms.ChoiceField):
            field.choices = [(p.value, p.label) for p in allowed]


class PauseForm(VersionedForm):
    id_prefix = "pause"
    reason = forms.CharField(label=_("Reason"), max_length=1000)


class CaseManagerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


class TransferForm(VersionedForm):
    id_prefix = "transfer"
    to_owner = CaseManagerChoiceField(label=_("New case manager"), queryset=User.objects.none())
    to_site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    handover_note = forms.CharField(
        label=_("Handover note"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text=_("Both of you see this note in the case history."),
    )

    def __init__(self, *args: Any, municipality_id: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner_field = self.fields["to_owner"]
        site_field = self.fields["to_site"]
        assert isinstance(owner_field, forms.ModelChoiceField)  # noqa: S101
        assert isinstance(site_field, forms.ModelChoiceField)  # noqa: S101
        owner_field.queryset = User.objects.filter(
            membership__municipality_id=municipality_id,
            membership__role=Role.CASE_MANAGER,
            is_active=True,
        ).order_by("last_name", "username")
        site_field.queryset = Site.objects.filter(municipality_id=municipality_id).order_by("name")


class OpenCaseForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False
    )

    def __init__(self, *args: Any, municipality_id: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        site_field = self.fields["site"]
        assert isinstance(site_field, forms.ModelChoiceField)  # noqa: S101
        site_field.queryset = Site.objects.filter(municipality_id=municipality_id).order_by("name")
