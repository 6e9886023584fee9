"""The filters of the dashboard and the funding report (they live in the URL, so a view
can be shared and downloaded as shown), and the funding settings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lotse.accounts.enums import Role
from lotse.accounts.models import User
from lotse.cases.forms import PageForm
from lotse.reports.scope import Filters
from lotse.tenancy.models import Municipality, Organisation, Site

MAX_DAYS = 366 * 5  # five years: longer periods say little and cost much


def default_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """This year up to today."""
    today = today or timezone.localdate()
    return dt.date(today.year, 1, 1), today


class PeriodForm(PageForm):
    id_prefix = "filter"
    # Not required: a missing date means the default period's (this year up to today).
    start = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    end = forms.DateField(
        label=_("until"),
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        start, end = default_period()
        if data is not None and not data:
            data = None
        super().__init__(data, initial={"start": start, "end": end}, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        default_start, default_end = default_period()
        if "start" not in self.errors and not data.get("start"):
            data["start"] = default_start
        if "end" not in self.errors and not data.get("end"):
            data["end"] = default_end
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("The end lies before the start."))
            elif (end - start).days > MAX_DAYS:
                self.add_error("end", _("Choose a period of at most five years."))
        return data

    def period(self) -> tuple[dt.date, dt.date]:
        if self.is_bound:
            return self.cleaned_data["start"], self.cleaned_data["end"]
        return default_period()


def _staff_name(user: Any) -> str:
    return str(user.get_full_name() or user.username)


class DashboardFilterForm(PeriodForm):
    site = forms.ModelChoiceField(
        label=_("Site"), queryset=Site.objects.none(), required=False, empty_label=_("All")
    )
    owner = forms.ModelChoiceField(
        label=_("Case manager"), queryset=User.objects.none(), required=False, empty_label=_("All")
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("All"),
        help_text=_("The employer of the case managers."),
    )

    def __init__(
        self, data: Any = None, *, municipality: Municipality, own_only: bool, **kwargs: Any
    ) -> None:
        super().__init__(data, **kwargs)
        if own_only:
            # A case manager's figures are their own: no other filters to choose.
            for name in ("site", "owner", "organisation"):
                del self.fields[name]
            return
        managers = User.objects.filter(
            membership__municipality=municipality, membership__role=Role.CASE_MANAGER
        ).order_by("last_name", "first_name", "username")
        self._set("site", Site.objects.filter(municipality=municipality).order_by("name"))
        self._set("owner", managers)
        self._set(
            "organisation",
            Organisation.objects.filter(
                municipality=municipality, memberships__role=Role.CASE_MANAGER
            )
            .distinct()
            .order_by("name"),
        )
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)  # noqa: S101
        owner.label_from_instance = _staff_name  # type: ignore[method-assign,assignment]

    def _set(self, name: str, queryset: Any) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = queryset

    def filters(self) -> Filters:
        start, end = self.period()
        data = self.cleaned_data if self.is_bound else {}
        site, owner, organisation = data.get("site"), data.get("owner"), data.get("organisation")
        return Filters(
            start=start,
            end=end,
            site_id=site.pk if site else None,
            owner_id=owner.pk if owner else None,
            organisation_id=organisation.pk if organisation else None,
        )


class FundingForm(PageForm):
    id_prefix = "funding"
    funding_per_position = forms.DecimalField(
        label=_("Funded amount per full-time position and year (EUR)"),
        min_value=Decimal(0),
        max_digits=9,
        decimal_places=2,
    )
    funded_case_management = forms.DecimalField(
        label=_("Funded case-management positions"),
        min_value=Decimal(0),
        max_digits=5,
        decimal_places=2,
    )
    funded_coordination = forms.DecimalField(
        label=_("Funded coordination positions"),
        min_value=Decimal(0),
        max_digits=5,
        decimal_places=2,
    )
    funded_administration = forms.DecimalField(
        label=_("Funded administration positions"),
        min_value=Decimal(0),
        max_digits=5,
        decimal_places=2,
    )
