"""The lists of the referral workflow."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    SOON = "soon", _("Soon (within a week)")
    URGENT = "urgent", _("Urgent")


class ReferralStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    APPOINTMENT_SET = "appointment_set", _("Appointment set")
    COMPLETED = "completed", _("Completed")
    NO_SHOW = "no_show", _("Did not come")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = (
    ReferralStatus.DRAFT,
    ReferralStatus.SENT,
    ReferralStatus.ACCEPTED,
    ReferralStatus.APPOINTMENT_SET,
)


class DeclineReason(models.TextChoices):
    NO_CAPACITY = "no_capacity", _("No capacity")
    NOT_RESPONSIBLE = "not_responsible", _("Not responsible")
    NOT_REACHABLE = "not_reachable", _("Person could not be reached")
    OTHER = "other", _("Other reason")


class Side(models.TextChoices):
    """Who moves a referral: the referring case manager or the receiving organisation."""

    SENDER = "sender", _("Referring case manager")
    RECEIVER = "receiver", _("Receiving organisation")
