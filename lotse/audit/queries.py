"""Reads of the audit trail, scoped to the user's municipality."""

from typing import Any

from django.db.models import QuerySet

from lotse.audit.models import AuditEvent


def events_for(user: Any) -> QuerySet[AuditEvent]:
    if not user.has_perm("audit.view_auditevent"):
        return AuditEvent.objects.none()
    municipality_id = user.municipality_id_or_none
    if municipality_id is None:
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(municipality_id=municipality_id).order_by(
        "-occurred_at", "-id"
    )
