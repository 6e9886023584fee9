from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CASE_MANAGER = "case_manager", _("Case manager")
    COORDINATOR = "coordinator", _("Coordinator")
    CENTRE_LEAD = "centre_lead", _("Centre lead")
    PARTNER_STAFF = "partner_staff", _("Partner agency staff")
    CLEARING_COUNSELLOR = "clearing_counsellor", _("Clearing counsellor")
    ADMINISTRATOR = "administrator", _("Administrator")
    STATE_REVIEWER = "state_reviewer", _("State reviewer")


# Roles that work inside one municipality; the state reviewer sees aggregates of many.
MUNICIPAL_ROLES = frozenset(set(Role) - {Role.STATE_REVIEWER})
