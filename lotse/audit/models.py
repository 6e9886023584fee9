"""The audit trail: an append-only record of who saw or changed what, and when."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.audit.events import EventType


class AuditEvent(models.Model):
    """One entry of the audit trail.

    Never updated, never deleted: on PostgreSQL a trigger refuses both (see the migration).
    Actor and municipality are kept without database constraints so that the entry outlives
    a deleted user and no cascade ever has to touch this table; their labels are copied in.
    """

    id = models.BigAutoField(primary_key=True)
    # Indexed with the municipality (audit_muni_time): the trail is read per municipality.
    occurred_at = models.DateTimeField(_("time (UTC)"))
    # No `choices` here: the list of events grows with every feature, and the typed names
    # in lotse/audit/events.py are enforced by `audit.record` instead of by a migration.
    event_type = models.CharField(_("event"), max_length=80)  # not indexed: no lookup by it
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_label = models.CharField(_("actor"), max_length=150, blank=True)
    municipality = models.ForeignKey(  # indexed by audit_muni_time
        "tenancy.Municipality",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    target_type = models.CharField(_("target type"), max_length=80, blank=True)
    target_id = models.CharField(_("target"), max_length=64, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    context = models.JSONField(_("context"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["municipality", "-occurred_at"], name="audit_muni_time"),
            models.Index(fields=["target_type", "target_id"], name="audit_target"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.event_type}"

    @property
    def event_label(self) -> str:
        try:
            return str(EventType(self.event_type).label)
        except ValueError:
            return self.event_type
