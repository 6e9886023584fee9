"""Who may see and work cases."""

import rules

from lotse.accounts.enums import Role
from lotse.accounts.rules import has_role, same_municipality

# Every case manager of the municipality may work every case (substitution during absence,
# transfers between centres); see docs/decisions/0009-cases.md.
is_case_manager = has_role(Role.CASE_MANAGER)

rules.add_perm("cases.list_case", is_case_manager)
rules.add_perm("cases.add_case", is_case_manager)
rules.add_perm("cases.view_case", is_case_manager & same_municipality)
rules.add_perm("cases.change_case", is_case_manager & same_municipality)

# Coordinators keep the list of structural issues; they, the centre lead and case managers
# see how many cases each affects (never which).
is_coordinator = has_role(Role.COORDINATOR)
rules.add_perm(
    "cases.view_structuralissue", has_role(Role.COORDINATOR, Role.CENTRE_LEAD, Role.CASE_MANAGER)
)
rules.add_perm("cases.add_structuralissue", is_coordinator)
rules.add_perm("cases.change_structuralissue", is_coordinator & same_municipality)
