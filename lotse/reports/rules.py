"""Who sees which figures. Case managers see their own, coordinators and the centre lead
their municipality's; the state reviewer sees only anonymised aggregates of many
municipalities and never a person."""

import rules

from lotse.accounts.enums import Role
from lotse.accounts.rules import has_role

is_case_manager = has_role(Role.CASE_MANAGER)
steers = has_role(Role.COORDINATOR, Role.CENTRE_LEAD)
is_state_reviewer = has_role(Role.STATE_REVIEWER)

# The dashboard: a case manager's is limited to their own cases (lotse.reports.dashboard).
rules.add_perm("reports.view_dashboard", is_case_manager | steers)
rules.add_perm("reports.view_municipal_figures", steers)
# The funding figures (Verwendungsnachweis) are written by coordination and administration.
rules.add_perm("reports.view_funding", steers | has_role(Role.ADMINISTRATOR))
rules.add_perm("reports.set_funding", has_role(Role.CENTRE_LEAD, Role.ADMINISTRATOR))
# The anonymised state file of the own municipality.
rules.add_perm("reports.write_state_report", steers)
# The state reviewer: uploads the municipalities' files and sees their combined totals.
rules.add_perm("reports.view_state_figures", is_state_reviewer)
rules.add_perm("reports.upload_state_report", is_state_reviewer)
