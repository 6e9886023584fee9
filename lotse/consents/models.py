"""Consent as a record: who agreed to share which data with whom, for what, until when."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.core.catalogues import DataCategory, category_labels
from lotse.core.concurrency import VersionedModel


# Scans of signed forms are never served as static or media files: only through a view that
# checks the permission and writes an audit entry.
def private_storage() -> FileSystemStorage:
    return FileSystemStorage(location=settings.PRIVATE_FILES_ROOT)


# Under 16 a parent or guardian consents (GDPR Art. 8 with the age Germany applies).
MINOR_AGE = 16


class ConsentMedium(models.TextChoices):
    WRITTEN = "written", _("In writing (signed form)")
    ELECTRONIC = "electronic", _("Electronically")


class GivenBy(models.TextChoices):
    PERSON = "person", _("The person")
    PARENT = "parent", _("A parent or legal guardian")


class ConsentState(models.TextChoices):
    VALID = "valid", _("Valid")
    NOT_YET = "not_yet", _("Not yet valid")
    EXPIRED = "expired", _("Expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")


def _scan_path(instance: Consent, filename: str) -> str:
    # A random name: the original file name may carry the person's name.
    return f"consents/{instance.municipality_id}/{uuid.uuid4().hex}"


class Consent(VersionedModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "tenancy.Municipality", on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="consents"
    )
    given_by = models.CharField(
        _("given by"), max_length=10, choices=GivenBy.choices, default=GivenBy.PERSON
    )
    given_by_name = models.CharField(
        _("name of the parent or guardian"), max_length=200, blank=True
    )
    organisation = models.ForeignKey(
        "tenancy.Organisation",
        verbose_name=_("recipient"),
        on_delete=models.PROTECT,
        related_name="consents",
    )
    purpose = models.TextField(_("purpose"), max_length=2000)
    categories = models.JSONField(_("data categories"), default=list)
    medium = models.CharField(_("form"), max_length=10, choices=ConsentMedium.choices)
    given_on = models.DateField(_("given on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    scan = models.FileField(
        _("scan of the signed form"), storage=private_storage, upload_to=_scan_path, blank=True
    )
    scan_type = models.CharField(max_length=40, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(
        _("reason for the withdrawal"), max_length=2000, blank=True
    )
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("given_on")),
                name="consent_valid_until_after_given",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "organisation"], name="consent_person_org"),
            models.Index(fields=["organisation", "withdrawn_at"], name="consent_org"),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.organisation}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        today = dt.date.today()  # noqa: DTZ011  (a calendar date)
        if self.given_on and self.given_on > today:
            errors["given_on"] = _("A consent cannot be given in the future.")
        if self.valid_until and self.given_on and self.valid_until < self.given_on:
            errors["valid_until"] = _("The consent cannot end before it was given.")
        unknown = set(self.categories or []) - set(DataCategory.values)
        if unknown:
            errors["categories"] = _("Unknown data category: %(codes)s") % {
                "codes": ", ".join(sorted(unknown))
            }
        elif not self.categories:
            errors["categories"] = _("Choose at least one data category.")
        if self.given_by == GivenBy.PARENT and not self.given_by_name.strip():
            errors["given_by_name"] = _("Please name the parent or guardian who consents.")
        if self.given_by == GivenBy.PERSON and self.person_id:
            age = self.person.age_on(self.given_on or today)
            if age is not None and age < MINOR_AGE:
                errors["given_by"] = _(
                    "The person is under 16: a parent or legal guardian must consent."
                )
        if errors:
            raise ValidationError(errors)

    def state_on(self, day: dt.date) -> ConsentState:
        if self.withdrawn_at is not None:
            return ConsentState.WITHDRAWN
        if day < self.given_on:
            return ConsentState.NOT_YET
        if self.valid_until is not None and day > self.valid_until:
            return ConsentState.EXPIRED
        return ConsentState.VALID

    @property
    def state(self) -> ConsentState:
        return self.state_on(dt.date.today())  # noqa: DTZ011

    @property
    def category_labels(self) -> list[str]:
        return category_labels(self.categories)
