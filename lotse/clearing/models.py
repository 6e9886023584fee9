"""Clearing cases of the health-insurance clearing office and the steps taken in them."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.cases.models.case import display_name
from lotse.clearing.enums import ClearingStatus, StepKind, StepResult
from lotse.core.concurrency import VersionedModel

NOTE_MAX = 2000


class ClearingCase(VersionedModel):
    """One clearing of a person's health insurance, beside a KIM case or on its own."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "tenancy.Municipality", on_delete=models.PROTECT, related_name="clearing_cases"
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="clearing_cases",
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("KIM case"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="clearing_cases",
    )
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("clearing counsellor"),
        on_delete=models.PROTECT,
        related_name="clearing_cases",
    )
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    status_at_start = models.CharField(
        _("insurance status at the start"), max_length=20, choices=ClearingStatus.choices
    )
    status_at_end = models.CharField(
        _("insurance status at the end"),
        max_length=20,
        choices=ClearingStatus.choices,
        blank=True,
    )
    outcome = models.TextField(_("outcome"), max_length=NOTE_MAX, blank=True)

    class Meta:
        verbose_name = _("clearing case")
        verbose_name_plural = _("clearing cases")
        ordering = ["-opened_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status_at_start__in=ClearingStatus.values),
                name="clearing_start_status_known",
            ),
            # An end status exactly when the case is closed.
            models.CheckConstraint(
                condition=(
                    models.Q(closed_on__isnull=True, status_at_end="")
                    | models.Q(closed_on__isnull=False, status_at_end__in=ClearingStatus.values)
                ),
                name="clearing_end_status_when_closed",
            ),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(closed_on__gte=models.F("opened_on")),
                name="clearing_closed_after_opened",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "-opened_on"], name="clearing_list"),
            models.Index(fields=["counsellor", "closed_on"], name="clearing_counsellor_open"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.opened_on:%d.%m.%Y})"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def counsellor_name(self) -> str:
        return display_name(self.counsellor)

    @property
    def duration_days(self) -> int | None:
        if self.closed_on is None:
            return None
        return (self.closed_on - self.opened_on).days


class ClearingStep(models.Model):
    """A step taken in a clearing: a path tried, with its result."""

    case = models.ForeignKey(ClearingCase, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=30, choices=StepKind.choices)
    taken_on = models.DateField(_("taken on"))
    result = models.CharField(
        _("result"), max_length=20, choices=StepResult.choices, default=StepResult.PENDING
    )
    note = models.TextField(_("note"), max_length=NOTE_MAX, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("clearing step")
        verbose_name_plural = _("clearing steps")
        ordering = ["taken_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=StepKind.values), name="clearing_step_kind_known"
            ),
            models.CheckConstraint(
                condition=models.Q(result__in=StepResult.values),
                name="clearing_step_result_known",
            ),
        ]
        indexes = [models.Index(fields=["taken_on", "kind"], name="clearing_step_period")]

    def __str__(self) -> str:
        return str(self.get_kind_display())
