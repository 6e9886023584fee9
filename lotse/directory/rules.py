"""Who keeps the directory: coordinators (and administrators) for the whole municipality,
partner staff for their own organisation's services. Everyone may read it (the public finder
needs no login)."""

from typing import Any

import rules

from lotse.accounts.enums import Role
from lotse.accounts.rules import has_role, same_municipality, works_in_a_municipality


@rules.predicate
def own_organisation(user: Any, service: Any) -> bool:
    membership = getattr(user, "membership_or_none", None)
    return bool(
        membership is not None
        and service is not None
        and membership.organisation_id == service.organisation_id
    )


# Administrators keep it too (e.g. when a coordinator is absent).
is_coordinator = has_role(Role.COORDINATOR, Role.ADMINISTRATOR)
is_partner = has_role(Role.PARTNER_STAFF)

rules.add_perm("directory.add_service", is_coordinator | is_partner)
rules.add_perm(
    "directory.change_service",
    (is_coordinator & same_municipality) | (is_partner & same_municipality & own_organisation),
)
rules.add_perm("directory.list_service", works_in_a_municipality)
rules.add_perm("directory.import_service", is_coordinator)
# The analysis is for those who steer the landscape: coordinators and the centre lead.
rules.add_perm("directory.view_analysis", has_role(Role.COORDINATOR, Role.CENTRE_LEAD))
