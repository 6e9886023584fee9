"""Structural issues: problems in the system that many cases run into (KIM "generative themes")."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StructuralIssue(models.Model):
    """A structural problem named by the coordinators, e.g. long waits at an office."""

    municipality = models.ForeignKey(
        "tenancy.Municipality", on_delete=models.PROTECT, related_name="structural_issues"
    )
    title = models.CharField(_("structural issue"), max_length=200)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    cases: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "cases.Case", through="CaseStructuralIssue", related_name="structural_issues"
    )

    class Meta:
        verbose_name = _("structural issue")
        verbose_name_plural = _("structural issues")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "title"], name="structural_issue_title_once"
            )
        ]

    def __str__(self) -> str:
        return self.title


class CaseStructuralIssue(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    issue = models.ForeignKey(StructuralIssue, on_delete=models.CASCADE, related_name="+")
    tagged_at = models.DateTimeField(auto_now_add=True)
    tagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "issue"], name="case_issue_once")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.issue_id}"
