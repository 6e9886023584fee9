from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    CITY_OFFICE = "city_office", _("City office")
    JOBCENTER = "jobcenter", _("Jobcenter")
    FOREIGNERS_OFFICE = "foreigners_office", _("Foreigners' office")
    WELFARE_ASSOCIATION = "welfare_association", _("Welfare association")
    MIGRANT_ASSOCIATION = "migrant_association", _("Migrant association")
    HEALTH = "health", _("Health")
    OTHER = "other", _("Other")


class HoursKind(models.TextChoices):
    OFFICE_HOURS = "office", _("Open office hours")
    PHONE_HOURS = "phone", _("Phone contact hours")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")
