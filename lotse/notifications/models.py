"""In-app notifications. Their text names a case reference and an organisation, never a
person: notifications travel by e-mail too."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    REFERRAL_RECEIVED = "referral_received", _("New referral")
    REFERRAL_ANSWERED = "referral_answered", _("Answer to a referral")
    REFERRAL_CANCELLED = "referral_cancelled", _("Referral cancelled")
    REFERRAL_OVERDUE = "referral_overdue", _("Referral without an answer")
    CONSENT_ENDED = "consent_ended", _("Consent withdrawn")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.CASCADE, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.kind}"

    @property
    def message(self) -> str:
        """What happened, by case number and organisation (never a person's name)."""
        referral = self.referral
        if referral is None:
            return str(self.get_kind_display())
        values = {
            "reference": referral.case.reference,
            "organisation": referral.organisation.name,
            "status": referral.get_status_display(),
        }
        texts = {
            NotificationKind.REFERRAL_RECEIVED: _("New referral from case %(reference)s."),
            NotificationKind.REFERRAL_ANSWERED: _(
                "%(organisation)s answered the referral of case %(reference)s: %(status)s."
            ),
            NotificationKind.REFERRAL_CANCELLED: _(
                "The referral of case %(reference)s has been cancelled."
            ),
            NotificationKind.REFERRAL_OVERDUE: _(
                "%(organisation)s has not answered the referral of case %(reference)s in time."
            ),
            NotificationKind.CONSENT_ENDED: _(
                "The consent behind the referral of case %(reference)s to %(organisation)s "
                "has ended; its data is no longer shared."
            ),
        }
        return str(texts[NotificationKind(self.kind)]) % values
