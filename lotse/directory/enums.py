"""The lists of the service directory."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TargetGroup(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    REFUGEES = "refugees", _("Refugees")
    EU_CITIZENS = "eu_citizens", _("EU citizens")
    WOMEN = "women", _("Women")
    CHILDREN = "children", _("Children")
    YOUTHS = "youths", _("Young people 12–27")
    FAMILIES = "families", _("Families")
    SENIORS = "seniors", _("Seniors")


class Cost(models.TextChoices):
    FREE = "free", _("Free of charge")
    FEE = "fee", _("With a fee")
