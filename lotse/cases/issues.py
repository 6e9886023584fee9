"""Every write to structural issues and their tags on cases."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from lotse.audit import services as audit
from lotse.audit.events import EventType
from lotse.cases.enums import Phase
from lotse.cases.models import Case, CaseStructuralIssue, StructuralIssue

if TYPE_CHECKING:
    from lotse.accounts.models import User
    from lotse.tenancy.models import Municipality


@transaction.atomic
def create_structural_issue(
    *, acting_user: User | None, municipality: Municipality, title: str, description: str = ""
) -> StructuralIssue:
    """Add a structural issue to the municipality's list. Side effects: row, audit entry."""
    issue = StructuralIssue(municipality=municipality, title=title, description=description)
    issue.full_clean()
    issue.save()
    audit.record(
        EventType.STRUCTURAL_ISSUE_CREATED,
        actor=acting_user,
        municipality=municipality,
        target=issue,
        after={"title": title},
    )
    return issue


@transaction.atomic
def set_structural_issue_active(
    *, acting_user: User, issue: StructuralIssue, active: bool
) -> StructuralIssue:
    """Switch an issue on or off; tags stay. Side effects: update, audit entry."""
    before = issue.active
    issue.active = active
    issue.save(update_fields=["active"])
    audit.record(
        EventType.STRUCTURAL_ISSUE_ACTIVE_SET,
        actor=acting_user,
        municipality=issue.municipality,
        target=issue,
        before={"active": before},
        after={"active": active},
    )
    return issue


@transaction.atomic
def tag_case(*, acting_user: User, case: Case, issue: StructuralIssue) -> None:
    """Note that a case runs into a structural issue. Side effects: tag row, audit entry."""
    if issue.municipality_id != case.municipality_id or not issue.active:
        raise ValidationError(_("This structural issue cannot be chosen."))
    if case.phase == Phase.CLOSED:
        raise ValidationError(_("The case is closed. Reopen it to continue working on it."))
    _tag, created = CaseStructuralIssue.objects.get_or_create(
        case=case, issue=issue, defaults={"tagged_by": acting_user}
    )
    if created:
        audit.record(
            EventType.CASE_ISSUE_TAGGED,
            actor=acting_user,
            municipality=case.municipality,
            target=case,
            after={"issue": issue.pk},
        )


@transaction.atomic
def untag_case(*, acting_user: User, case: Case, issue: StructuralIssue) -> None:
    """Remove a structural issue from a case. Side effects: tag deleted, audit entry."""
    deleted, _rows = CaseStructuralIssue.objects.filter(case=case, issue=issue).delete()
    if deleted:
        audit.record(
            EventType.CASE_ISSUE_UNTAGGED,
            actor=acting_user,
            municipality=case.municipality,
            target=case,
            before={"issue": issue.pk},
        )


def issues_with_counts(municipality_id: Any) -> QuerySet[StructuralIssue]:
    """The issues of a municipality with the number of (open) cases each affects."""
    return StructuralIssue.objects.filter(municipality_id=municipality_id).annotate(
        case_count=Count("cases", distinct=True),
        open_case_count=Count("cases", filter=~Q(cases__phase=Phase.CLOSED), distinct=True),
    )
