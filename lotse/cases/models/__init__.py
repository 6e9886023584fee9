from lotse.cases.models.case import Case, CaseEvent, display_name
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
    "display_name",
]
