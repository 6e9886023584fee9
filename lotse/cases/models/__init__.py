from lotse.cases.models.case import Case, CaseEvent, display_name
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
    "Contact",
    "FollowUp",
    "Goal",
    "Measure",
    "WalkIn",
    "WalkInStatus",
    "display_name",
]
