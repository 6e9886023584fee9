"""The walk-in queue of a site's open office hours."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WalkInStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    CALLED = "called", _("Called")
    LEFT = "left", _("Left without counselling")


class WalkIn(models.Model):
    """Someone who came to the open office hours: a known person or a new one by name."""

    municipality = models.ForeignKey(
        "tenancy.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    site = models.ForeignKey("tenancy.Site", on_delete=models.PROTECT, related_name="walk_ins")
    person = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    given_name = models.CharField(_("given name"), max_length=150)
    family_name = models.CharField(_("family name"), max_length=150)
    arrived_at = models.DateTimeField(_("arrived at"))
    status = models.CharField(
        _("status"), max_length=10, choices=WalkInStatus.choices, default=WalkInStatus.WAITING
    )
    called_at = models.DateTimeField(_("called at"), null=True, blank=True)
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("walk-in")
        verbose_name_plural = _("walk-ins")
        ordering = ["arrived_at", "id"]
        indexes = [models.Index(fields=["site", "status", "arrived_at"], name="walkin_queue")]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def waiting_minutes(self) -> int | None:
        """Minutes from arrival to first contact, once called."""
        if self.called_at is None:
            return None
        return int((self.called_at - self.arrived_at).total_seconds() // 60)
