from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    INTAKE = "intake", _("Intake")
    ASSESSMENT = "assessment", _("Assessment")
    PLANNING = "planning", _("Planning")
    IMPLEMENTATION = "implementation", _("Implementation and monitoring")
    EVALUATION = "evaluation", _("Evaluation")
    CLOSED = "closed", _("Closed")


class ClosureReason(models.TextChoices):
    GOALS_REACHED = "goals_reached", _("Goals reached")
    HANDED_OVER = "handed_over", _("Handed over to another service")
    MOVED_AWAY = "moved_away", _("Moved away")
    NOT_REACHABLE = "not_reachable", _("No longer reachable")
    PERSONS_WISH = "persons_wish", _("At the person's wish")
    OTHER = "other", _("Other reason")


class CaseEventKind(models.TextChoices):
    OPENED = "opened", _("Case opened")
    PHASE_CHANGED = "phase_changed", _("Phase changed")
    PAUSED = "paused", _("Paused")
    RESUMED = "resumed", _("Resumed")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")
    TRANSFERRED = "transferred", _("Transferred")
    MERGED = "merged", _("Person records merged")


class GoalStatus(models.TextChoices):
    OPEN = "open", _("Open")
    REACHED = "reached", _("Reached")
    PARTLY_REACHED = "partly_reached", _("Partly reached")
    NOT_REACHED = "not_reached", _("Not reached")
    DROPPED = "dropped", _("Dropped")


class Responsible(models.TextChoices):
    PERSON = "person", _("The person")
    CASE_MANAGER = "case_manager", _("The case manager")
    ORGANISATION = "organisation", _("A partner organisation")
