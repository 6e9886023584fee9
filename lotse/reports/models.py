"""What the state keeps: the anonymised files the municipalities sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StateSubmission(models.Model):
    """The state-report file of one municipality for one period, as uploaded by the state
    reviewer. No person is in it; a new upload for the same municipality and period
    replaces the old one."""

    official_key = models.CharField(_("official municipality key (AGS)"), max_length=8)
    municipality_name = models.CharField(_("municipality"), max_length=200)
    period = models.CharField(_("period"), max_length=7)
    data = models.JSONField(_("file"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now=True)

    class Meta:
        verbose_name = _("state-report file")
        verbose_name_plural = _("state-report files")
        ordering = ["-period", "municipality_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["official_key", "period"], name="state_submission_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality_name} {self.period}"
