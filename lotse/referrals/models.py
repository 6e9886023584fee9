"""Referrals (Vermittlungen) from a case to a partner organisation, and their history."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.core.catalogues import LifeDomain, category_labels
from lotse.core.concurrency import VersionedModel
from lotse.referrals.enums import DeclineReason, ReferralStatus, Urgency


class Referral(VersionedModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "tenancy.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="referrals"
    )
    persons = models.ManyToManyField(
        "people.Person", verbose_name=_("persons"), related_name="referrals"
    )
    organisation = models.ForeignKey(
        "tenancy.Organisation",
        verbose_name=_("receiving organisation"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    service = models.CharField(
        _("service or contact point"),
        max_length=200,
        blank=True,
        help_text=_("Optional, e.g. 'Migration counselling for adults' or a team."),
    )
    life_domain = models.CharField(
        _("life domain"),
        max_length=20,
        choices=LifeDomain.choices,
        blank=True,
        help_text=_("What the referral is about; the service landscape analysis counts by it."),
    )
    question = models.TextField(_("question"), max_length=5000)
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    categories = models.JSONField(_("data categories shared"), default=list)
    status = models.CharField(
        _("status"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.DRAFT
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    decline_reason = models.CharField(
        _("reason for declining"), max_length=20, choices=DeclineReason.choices, blank=True
    )
    appointment_at = models.DateTimeField(_("appointment"), null=True, blank=True)
    feedback = models.TextField(_("feedback to the case manager"), max_length=2000, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    override_reason = models.TextField(
        _("reason for sharing without consent"), max_length=2000, blank=True
    )
    consent_lapsed_at = models.DateTimeField(null=True, blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ReferralStatus.values), name="referral_status_known"
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "status", "sent_at"], name="referral_inbox"),
            models.Index(fields=["municipality", "status", "sent_at"], name="referral_status"),
        ]

    def __str__(self) -> str:
        return f"{self.case} → {self.organisation}"

    @property
    def category_labels(self) -> list[str]:
        return category_labels(self.categories)

    @property
    def consent_ended(self) -> bool:
        """Marked at withdrawal, or (annotated by the queries) no valid consent any more."""
        return self.consent_lapsed_at is not None or getattr(self, "consent_ok", True) is False

    @property
    def overridden(self) -> bool:
        return bool(self.override_reason)


class ReferralEvent(models.Model):
    """The history of a referral: every change of status, with who and the note."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=ReferralStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ReferralStatus.choices)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    occurred_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("referral event")
        verbose_name_plural = _("referral events")
        ordering = ["occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.referral_id}: {self.from_status} → {self.to_status}"
