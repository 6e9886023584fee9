"""The service landscape: what organisations offer (Angebote), where and for whom."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.core.catalogues import Language, LifeDomain
from lotse.core.concurrency import VersionedModel
from lotse.directory.enums import Cost, TargetGroup

# Languages a service description may be given in besides German (the public finder's).
DESCRIPTION_LANGUAGES = ("en", "ar", "ro", "bg", "tr", "uk")


# Code -> lazy label, in catalogue order; looked up per service on every finder page.
LIFE_DOMAINS = dict(LifeDomain.choices)
LANGUAGES = dict(Language.choices)
TARGET_GROUPS = dict(TargetGroup.choices)


def _unknown(values: Any, allowed: list[str]) -> list[str]:
    return sorted(set(values or []) - set(allowed))


class Service(VersionedModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    municipality = models.ForeignKey(
        "tenancy.Municipality", on_delete=models.PROTECT, related_name="services"
    )
    organisation = models.ForeignKey(
        "tenancy.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="services",
    )
    name = models.CharField(_("name (German)"), max_length=200)
    description = models.TextField(_("description (German)"), max_length=4000)
    # {"ar": {"name": "...", "description": "..."}, ...}; German above is required.
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    life_domains = models.JSONField(_("life domains"), default=list)
    target_groups = models.JSONField(_("target groups"), default=list, blank=True)
    languages = models.JSONField(_("languages offered"), default=list, blank=True)
    age_min = models.PositiveSmallIntegerField(_("from age"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("up to age"), null=True, blank=True)
    sites = models.ManyToManyField(
        "tenancy.Site", verbose_name=_("sites"), related_name="services", blank=True
    )
    cost = models.CharField(_("cost"), max_length=10, choices=Cost.choices, default=Cost.FREE)
    capacity = models.PositiveIntegerField(_("capacity (persons per month)"), null=True, blank=True)
    waiting_days = models.PositiveSmallIntegerField(
        _("current waiting time in days"), null=True, blank=True
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    eligibility = models.TextField(_("who can come (public)"), max_length=2000, blank=True)
    internal_note = models.TextField(_("internal note (never public)"), max_length=2000, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(age_min__isnull=True)
                | models.Q(age_max__isnull=True)
                | models.Q(age_min__lte=models.F("age_max")),
                name="service_age_range",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_from__isnull=True)
                | models.Q(valid_until__isnull=True)
                | models.Q(valid_from__lte=models.F("valid_until")),
                name="service_validity",
            ),
        ]
        indexes = [models.Index(fields=["municipality", "organisation"], name="service_org")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        checks = (
            ("life_domains", LifeDomain.values),
            ("target_groups", TargetGroup.values),
            ("languages", Language.values),
        )
        for field, allowed in checks:
            unknown = _unknown(getattr(self, field), allowed)
            if unknown:
                errors[field] = _("Unknown code: %(codes)s") % {"codes": ", ".join(unknown)}
        if not self.life_domains:
            errors.setdefault("life_domains", _("Choose at least one life domain."))
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            errors["age_max"] = _("The upper age lies below the lower age.")
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = _("The end lies before the start.")
        unknown_languages = _unknown(self.translations, list(DESCRIPTION_LANGUAGES))
        if unknown_languages:
            errors["translations"] = _("No description language: %(codes)s") % {
                "codes": ", ".join(unknown_languages)
            }
        if errors:
            raise ValidationError(errors)

    @property
    def life_domain_labels(self) -> list[str]:
        return [str(label) for code, label in LIFE_DOMAINS.items() if code in self.life_domains]

    @property
    def language_labels(self) -> list[str]:
        return [str(LANGUAGES[code]) for code in self.languages if code in LANGUAGES]

    @property
    def target_group_labels(self) -> list[str]:
        return [str(TARGET_GROUPS[code]) for code in self.target_groups if code in TARGET_GROUPS]

    def text_in(self, language: str) -> tuple[str, str]:
        """Name and description in a language, German where no translation exists."""
        entry = (self.translations or {}).get(language) or {}
        return entry.get("name") or self.name, entry.get("description") or self.description
