"""The work on a case: assessments per life domain, the plan, contacts and follow-ups."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lotse.cases.enums import GoalStatus, Responsible
from lotse.cases.models.case import Case
from lotse.core.catalogues import ContactForm, Language, LifeDomain, NeedLevel
from lotse.core.concurrency import VersionedModel

NOTE_MAX = 20_000  # characters; a contact note is a summary, not a transcript


class Assessment(models.Model):
    """One assessment of the whole situation; reassessments add new ones, history stays."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), max_length=NOTE_MAX, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-assessed_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.case} {self.assessed_on:%d.%m.%Y}"


class AssessmentItem(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="items")
    life_domain = models.CharField(_("life domain"), max_length=20, choices=LifeDomain.choices)
    need = models.CharField(_("need"), max_length=10, choices=NeedLevel.choices)
    situation = models.TextField(_("situation"), max_length=5000, blank=True)
    resources = models.TextField(_("resources"), max_length=5000, blank=True)

    class Meta:
        verbose_name = _("assessment of a life domain")
        verbose_name_plural = _("assessments of life domains")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "life_domain"], name="assessment_domain_once"
            ),
            models.CheckConstraint(
                condition=models.Q(need__in=NeedLevel.values), name="assessment_need_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_life_domain_display()}: {self.get_need_display()}"


class Goal(VersionedModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="goals")
    life_domain = models.CharField(_("life domain"), max_length=20, choices=LifeDomain.choices)
    description = models.CharField(_("goal"), max_length=500)
    target_date = models.DateField(_("target date"))
    status = models.CharField(
        _("status"), max_length=20, choices=GoalStatus.choices, default=GoalStatus.OPEN
    )

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["target_date", "created_at"]

    def __str__(self) -> str:
        return self.description


class Measure(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="measures")
    description = models.CharField(_("measure"), max_length=500)
    responsible = models.CharField(_("responsible"), max_length=20, choices=Responsible.choices)
    organisation = models.ForeignKey(
        "tenancy.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.description

    def clean(self) -> None:
        if (self.responsible == Responsible.ORGANISATION) != (self.organisation_id is not None):
            raise ValidationError(
                {"organisation": _("Name the organisation exactly when it is responsible.")}
            )


class Contact(models.Model):
    """A counselling contact (Beratungskontakt)."""

    # The case's municipality, kept on the contact too (every tenant-owned row carries it):
    # the figures count a municipality's contacts without joining the cases.
    municipality = models.ForeignKey(
        "tenancy.Municipality", on_delete=models.PROTECT, related_name="+", editable=False
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contacts")
    contact_on = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration in minutes"))
    form = models.CharField(_("form"), max_length=20, choices=ContactForm.choices)
    interpreter_used = models.BooleanField(_("interpreter used"), default=False)
    interpreter_language = models.CharField(
        _("interpreter language"), max_length=8, choices=Language.choices, blank=True
    )
    life_domains = models.JSONField(_("life domains"), default=list, blank=True)
    note = models.TextField(_("note"), max_length=NOTE_MAX, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-contact_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=1, duration_minutes__lte=1440),
                name="contact_duration_plausible",
            )
        ]
        indexes = [
            # A case's first contact (waiting times) and its contacts in a period (figures).
            models.Index(fields=["case", "contact_on"], name="contact_case_day"),
            # A municipality's contacts of a period by form (the dashboard), read from the
            # index alone on PostgreSQL.
            models.Index(
                fields=["municipality", "contact_on"],
                include=["form", "interpreter_used"],
                name="contact_municipality_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contact_on:%d.%m.%Y} {self.get_form_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.municipality_id is None and self.case_id is not None:
            self.municipality_id = self.case.municipality_id
        super().save(*args, **kwargs)

    def clean(self) -> None:
        unknown = set(self.life_domains) - set(LifeDomain.values)
        if unknown:
            raise ValidationError({"life_domains": _("Unknown life domain.")})
        if self.interpreter_language and not self.interpreter_used:
            raise ValidationError(
                {"interpreter_language": _("Tick 'interpreter used' to name a language.")}
            )

    @property
    def life_domain_labels(self) -> list[str]:
        return [str(LifeDomain(code).label) for code in self.life_domains]


class FollowUp(models.Model):
    """A dated reminder (Wiedervorlage) for a case manager."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_ups")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("for"),
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    due_on = models.DateField(_("due on"))
    note = models.CharField(_("what to do"), max_length=500)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "created_at"]
        indexes = [models.Index(fields=["owner", "done_at", "due_on"], name="followup_due")]

    def __str__(self) -> str:
        return self.note
