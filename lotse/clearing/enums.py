"""The fixed lists of the health-insurance clearing."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ClearingStatus(models.TextChoices):
    """Insurance status at the start and at the end of a clearing (the office's four)."""

    INSURED_GERMANY = "insured_germany", _("Insured in Germany")
    INSURED_ABROAD = "insured_abroad", _("Insured abroad (EHIC)")
    NOT_INSURED = "not_insured", _("Not insured")
    UNCLEAR = "unclear", _("Unclear, to be checked")


# "No insurance status at the start or to be checked", as the clearing office counts it.
WITHOUT_STATUS = (ClearingStatus.NOT_INSURED, ClearingStatus.UNCLEAR)


class StepKind(models.TextChoices):
    """The paths a clearing takes towards insurance or treatment."""

    EMPLOYMENT = "employment", _("Statutory insurance through employment")
    FAMILY = "family", _("Family insurance")
    VOLUNTARY = "voluntary", _("Voluntary insurance")
    HOME_COUNTRY = "home_country", _("Entitlement from the home country (S1 / E forms)")
    WELFARE_BODY = "welfare_body", _("Social welfare body")
    ANONYMOUS_TREATMENT = "anonymous_treatment", _("Anonymous treatment")
    OTHER = "other", _("Other step")


class StepResult(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUCCEEDED = "succeeded", _("Successful")
    FAILED = "failed", _("Not successful")
