"""Who may see and change the people counselled."""

import rules

from lotse.accounts.enums import Role
from lotse.accounts.rules import has_role, same_municipality

# Case managers work with people; clearing counsellors too (health-insurance clearing).
# Coordinators, the centre lead and the state see figures, never names (the coordinators'
# one exception: the duplicate queue, below); partner staff see only what a consent covers
# (a later issue).
works_with_people = has_role(Role.CASE_MANAGER, Role.CLEARING_COUNSELLOR)

rules.add_perm("people.list_person", works_with_people)
rules.add_perm("people.add_person", works_with_people)
rules.add_perm("people.view_person", works_with_people & same_municipality)
rules.add_perm("people.change_person", works_with_people & same_municipality)
rules.add_perm("people.view_household", works_with_people & same_municipality)
rules.add_perm("people.change_household", works_with_people & same_municipality)

# Duplicates: those who work with people and the coordinators review pairs (they see both
# records as the comparison shows them: names, dates, addresses, source ids; no case); a
# coordinator confirms a pair (the same person) or rejects it, and a case manager, who
# works with the persons' cases, merges. Administrators may start the bulk detection and
# see how many pairs wait, never the names.
rules.add_perm("people.review_duplicates", works_with_people | has_role(Role.COORDINATOR))
rules.add_perm("people.confirm_duplicate", has_role(Role.COORDINATOR))
rules.add_perm("people.merge_person", works_with_people & same_municipality)
rules.add_perm(
    "people.detect_duplicates",
    has_role(Role.CASE_MANAGER, Role.CLEARING_COUNSELLOR, Role.COORDINATOR, Role.ADMINISTRATOR),
)

# Administrators import persons from other systems (they see the report, not the persons).
rules.add_perm("people.import_person", has_role(Role.ADMINISTRATOR))
rules.add_perm("people.view_personimport", has_role(Role.ADMINISTRATOR) & same_municipality)
