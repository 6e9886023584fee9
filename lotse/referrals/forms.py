"""Forms for referrals; they validate input, the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lotse.cases.forms import PageForm, VersionedForm
from lotse.core.catalogues import DataCategory, LifeDomain
from lotse.people.models import Person
from lotse.referrals.enums import DeclineReason, Urgency
from lotse.tenancy.models import Organisation


class PersonChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return str(obj)


class ReferralForm(PageForm):
    id_prefix = "referral"
    persons = PersonChoices(
        label=_("Who is referred"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    organisation = forms.ModelChoiceField(
        label=_("Receiving organisation"), queryset=Organisation.objects.none()
    )
    service = forms.CharField(label=_("Service or contact point"), max_length=200, required=False)
    life_domain = forms.ChoiceField(
        label=_("Life domain"),
        choices=[("", _("– not stated –")), *LifeDomain.choices],
        required=False,
    )
    question = forms.CharField(
        label=_("Question to the organisation"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)
    categories = forms.MultipleChoiceField(
        label=_("Data to share"),
        choices=DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Identity and contact are always shared. A valid consent must cover all."),
    )
    override = forms.BooleanField(
        label=_("Emergency: refer without a covering consent"), required=False
    )
    override_reason = forms.CharField(
        label=_("Why the referral cannot wait for a consent"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        *args: Any,
        persons: Any = None,
        municipality_id: Any = None,
        may_override: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        person_field = self.fields["persons"]
        organisation_field = self.fields["organisation"]
        assert isinstance(person_field, forms.ModelMultipleChoiceField)  # noqa: S101
        assert isinstance(organisation_field, forms.ModelChoiceField)  # noqa: S101
        person_field.queryset = persons if persons is not None else Person.objects.none()
        organisation_field.queryset = Organisation.objects.filter(
            municipality_id=municipality_id
        ).order_by("name")
        if not may_override:
            del self.fields["override"]
            del self.fields["override_reason"]


class AnswerForm(VersionedForm):
    """The receiving side's answer; which fields count depends on the button pressed."""

    id_prefix = "answer"
    decline_reason = forms.ChoiceField(
        label=_("Reason for declining"),
        choices=[("", _("Please choose")), *DeclineReason.choices],
        required=False,
    )
    appointment_at = forms.DateTimeField(
        label=_("Appointment"),
        required=False,
        input_formats=["%d.%m.%Y %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("DD.MM.YYYY HH:MM"),
    )
    feedback = forms.CharField(
        label=_("Short feedback to the case manager"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
