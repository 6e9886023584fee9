"""The case: one per household or person, owned by one case manager at one site."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.cases.enums import CaseEventKind, ClosureReason, Phase
from lotse.core.concurrency import VersionedModel


class Case(VersionedModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "tenancy.Municipality", on_delete=models.PROTECT, related_name="cases"
    )
    reference = models.CharField(_("case number"), max_length=30)
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    household = models.ForeignKey(
        "people.Household",
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("case manager"),
        on_delete=models.PROTECT,
        related_name="owned_cases",
    )
    site = models.ForeignKey(
        "tenancy.Site", verbose_name=_("site"), on_delete=models.PROTECT, related_name="cases"
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.INTAKE)
    paused = models.BooleanField(_("paused"), default=False)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closure_reason = models.CharField(
        _("reason for closure"), max_length=20, choices=ClosureReason.choices, blank=True
    )
    outcome = models.TextField(_("outcome"), max_length=5000, blank=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_on", "reference"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(person__isnull=False, household__isnull=True)
                    | models.Q(person__isnull=True, household__isnull=False)
                ),
                name="case_for_person_or_household",
            ),
            models.CheckConstraint(
                condition=models.Q(phase__in=Phase.values), name="case_phase_known"
            ),
            models.UniqueConstraint(
                fields=["municipality", "reference"], name="case_reference_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "owner", "phase"], name="case_owner_phase"),
            models.Index(fields=["municipality", "site", "phase"], name="case_site_phase"),
            # The case lists' order, so that a page of 50 is read off the index, not sorted.
            models.Index(fields=["municipality", "-opened_on", "reference"], name="case_list"),
            models.Index(fields=["owner", "-opened_on", "reference"], name="case_owner_list"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def owner_name(self) -> str:
        return display_name(self.owner)

    @property
    def subject_name(self) -> str:
        return str(self.household if self.household_id else self.person)


class CaseEvent(models.Model):
    """The history of a case: phases, pauses, transfers, closure, with reasons and notes."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=20, choices=CaseEventKind.choices)
    from_phase = models.CharField(max_length=20, choices=Phase.choices, blank=True)
    to_phase = models.CharField(max_length=20, choices=Phase.choices, blank=True)
    note = models.TextField(_("note"), max_length=5000, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    occurred_at = models.DateTimeField(auto_now_add=True)
    from_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    to_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        return f"{self.case} {self.kind}"

    @property
    def actor_name(self) -> str:
        return display_name(self.actor)

    @property
    def from_owner_name(self) -> str:
        return display_name(self.from_owner)

    @property
    def to_owner_name(self) -> str:
        return display_name(self.to_owner)


def display_name(user: Any) -> str:
    if user is None:
        return str(_("System"))
    return str(user.get_full_name() or user.get_username())
