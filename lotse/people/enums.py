from django.db import models
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    DAY = "day", _("Exact date")
    MONTH = "month", _("Month and year")
    YEAR = "year", _("Year only")


class LifeStage(models.TextChoices):
    KITA = "kita", _("Kita age")
    SCHOOL = "school", _("School age")
    YOUNG_ADULT = "young_adult", _("Training / young adult")
    WORKING_AGE = "working_age", _("Working age")
    SENIOR = "senior", _("Senior")
    UNKNOWN = "unknown", _("Unknown")


class PairStatus(models.TextChoices):
    OPEN = "open", _("To be checked")
    # The same person, as a coordinator decided: waits for a case manager to merge it.
    CONFIRMED = "confirmed", _("Same person, to be merged")
    MERGED = "merged", _("Merged")
    REJECTED = "rejected", _("Not the same person")


# The pairs of the review queue: to be checked, or confirmed and to be merged.
UNDECIDED = (PairStatus.OPEN, PairStatus.CONFIRMED)


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Imported")
    REJECTED = "rejected", _("Not imported: the file has errors")
    FAILED = "failed", _("Not imported: an error occurred")
