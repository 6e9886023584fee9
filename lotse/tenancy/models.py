"""The tenant (municipality) and the places and organisations that work in it."""

import uuid
import zoneinfo
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.tenancy.enums import HoursKind, OrganisationKind, Weekday

slug_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    _("Use lower-case letters, digits and single hyphens only."),
)


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Unknown time zone %(zone)s."), params={"zone": value})


class Municipality(models.Model):
    """A Kreis or kreisfreie Stadt: the tenant. Every record belongs to exactly one."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slug = models.SlugField(
        _("short name"), max_length=60, unique=True, validators=[slug_validator]
    )
    name = models.CharField(_("name"), max_length=200)
    official_key = models.CharField(
        _("official municipality key (AGS)"),
        max_length=8,
        blank=True,
        validators=[RegexValidator(r"^\d{5,8}$", _("The key has 5 to 8 digits."))],
    )
    time_zone = models.CharField(
        _("time zone"), max_length=60, default="Europe/Berlin", validators=[validate_time_zone]
    )
    caseload_benchmark = models.PositiveSmallIntegerField(
        _("cases per full-time position and year"),
        default=150,
        help_text=_("The welfare associations' figure for migration counselling is 150."),
    )
    referral_answer_days = models.PositiveSmallIntegerField(
        _("working days for an answer to a referral"),
        default=5,
        help_text=_("A sent referral without an answer after this many working days is overdue."),
    )
    # The funding (Verwendungsnachweis): the state funds positions at a fixed amount each.
    funding_per_position = models.DecimalField(
        _("funded amount per full-time position and year (EUR)"),
        max_digits=9,
        decimal_places=2,
        default=Decimal("55000.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    funded_case_management = models.DecimalField(
        _("funded case-management positions"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    funded_coordination = models.DecimalField(
        _("funded coordination positions"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    funded_administration = models.DecimalField(
        _("funded administration positions"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class Organisation(models.Model):
    """A city office or a provider (AWO, Caritas, Jobcenter, ...). Staff belong to one."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="organisation_unique_name_per_municipality"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=OrganisationKind.values), name="organisation_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Site(models.Model):
    """A place where counselling happens, e.g. a Regional Support Centre."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="sites"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="sites"
    )
    name = models.CharField(_("name"), max_length=200)
    is_support_centre = models.BooleanField(
        _("support centre"),
        default=False,
        help_text=_("Listed on the public page of support centres."),
    )
    street = models.CharField(_("street and number"), max_length=200)
    postcode = models.CharField(
        _("postcode"),
        max_length=5,
        validators=[RegexValidator(r"^\d{5}$", _("A German postcode has five digits."))],
    )
    city = models.CharField(_("city"), max_length=100)
    district = models.CharField(_("district"), max_length=100, blank=True)
    phone_numbers = models.JSONField(_("phone numbers"), default=list, blank=True)
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="site_unique_name_per_municipality"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (
            self.organisation_id
            and self.municipality_id
            and self.organisation.municipality_id != self.municipality_id
        ):
            raise ValidationError(
                {"organisation": _("The organisation belongs to another municipality.")}
            )


class OpeningHours(models.Model):
    """A weekly recurring time window: open office hours or phone-contact hours of a site."""

    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.CASCADE, related_name="hours"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=HoursKind.choices)
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["kind", "weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens__lt=models.F("closes")), name="hours_open_before_close"
            ),
            models.CheckConstraint(
                condition=models.Q(weekday__gte=0, weekday__lte=6), name="hours_weekday_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=HoursKind.values), name="hours_kind_valid"
            ),
            models.UniqueConstraint(
                fields=["site", "kind", "weekday", "opens"], name="hours_unique_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"
