"""Who may work clearing cases and see the clearing figures."""

import rules

from lotse.accounts.enums import Role
from lotse.accounts.rules import has_role, same_municipality

# Clearing counsellors work every clearing case of their municipality (they stand in for
# each other). Coordinators and the centre lead see the figures, never the persons.
is_clearing_counsellor = has_role(Role.CLEARING_COUNSELLOR)

rules.add_perm("clearing.list_clearingcase", is_clearing_counsellor)
rules.add_perm("clearing.add_clearingcase", is_clearing_counsellor)
rules.add_perm("clearing.view_clearingcase", is_clearing_counsellor & same_municipality)
rules.add_perm("clearing.change_clearingcase", is_clearing_counsellor & same_municipality)
rules.add_perm(
    "clearing.view_statistics",
    has_role(Role.CLEARING_COUNSELLOR, Role.COORDINATOR, Role.CENTRE_LEAD),
)
# Case managers learn on a person's page that a clearing runs (not its content), so that
# they do not start a second one.
rules.add_perm(
    "clearing.see_clearing_exists", has_role(Role.CASE_MANAGER, Role.CLEARING_COUNSELLOR)
)
