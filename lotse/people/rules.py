"""Who may see and change the people counselled."""

import rules

from lotse.accounts.enums import Role
from lotse.accounts.rules import has_role, same_municipality

# Case managers work with people; clearing counsellors too (health-insurance clearing).
# Coordinators, the centre lead and the state see figures, never names; partner staff see
# only what a consent covers (a later issue).
works_with_people = has_role(Role.CASE_MANAGER, Role.CLEARING_COUNSELLOR)

rules.add_perm("people.list_person", works_with_people)
rules.add_perm("people.add_person", works_with_people)
rules.add_perm("people.view_person", works_with_people & same_municipality)
rules.add_perm("people.change_person", works_with_people & same_municipality)
rules.add_perm("people.view_household", works_with_people & same_municipality)
rules.add_perm("people.change_household", works_with_people & same_municipality)
