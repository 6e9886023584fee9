"""Forms for consents; they validate input, the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.cases.forms import PageForm, VersionedForm
from lotse.cases.work_forms import date_field
from lotse.consents.models import ConsentMedium, GivenBy
from lotse.core.catalogues import DataCategory
from lotse.tenancy.models import Organisation


class ConsentForm(PageForm):
    id_prefix = "consent"
    organisation = forms.ModelChoiceField(
        label=_("Recipient (organisation)"), queryset=Organisation.objects.none()
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("In plain words, e.g. 'Support in finding work and training'."),
    )
    categories = forms.MultipleChoiceField(
        label=_("Data that may be shared"),
        choices=DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    medium = forms.ChoiceField(label=_("Form of the consent"), choices=ConsentMedium.choices)
    given_by = forms.ChoiceField(label=_("Consent given by"), choices=GivenBy.choices)
    given_by_name = forms.CharField(
        label=_("Name of the parent or guardian"), max_length=200, required=False
    )
    given_on = date_field(_("Given on"))
    valid_until = date_field(_("Valid until"), required=False)
    scan = forms.FileField(
        label=_("Scan of the signed form"),
        required=False,
        help_text=_("PDF, PNG or JPEG, at most 5 MB."),
    )

    def __init__(self, *args: Any, municipality_id: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = Organisation.objects.filter(municipality_id=municipality_id).order_by(
            "name"
        )


class WithdrawForm(VersionedForm):
    id_prefix = "withdraw"
    withdrawn_on = date_field(_("Withdrawn on"))
    reason = forms.CharField(
        label=_("Reason (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
