from lotse.cases.models.case import Case, CaseEvent, display_name
from lotse.cases.models.issues import CaseStructuralIssue, StructuralIssue
from lotse.cases.models.walkin import WalkIn, WalkInStatus
from lotse.cases.models.work import (
    Assessment,
    AssessmentItem,
    Contact,
    FollowUp,
    Goal,
    Measure,
)

__all__ = [
    "Assessment",
    "AssessmentItem",
    "Case",
    "CaseEvent",
    "CaseStructuralIssue",
    "Contact",
    "FollowUp",
    "Goal",
    "Measure",
    "StructuralIssue",
    "WalkIn",
    "WalkInStatus",
    "display_name",
]
