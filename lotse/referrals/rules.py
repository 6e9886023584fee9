"""Who may refer, answer referrals and refer without consent in an emergency."""

from typing import Any

import rules

from lotse.accounts.enums import Role
from lotse.accounts.rules import has_role


@rules.predicate
def may_override_consent(user: Any) -> bool:
    membership = getattr(user, "membership_or_none", None)
    return bool(membership and membership.may_override_consent)


@rules.predicate
def belongs_to_an_organisation(user: Any) -> bool:
    membership = getattr(user, "membership_or_none", None)
    return bool(membership and membership.organisation_id)


is_case_manager = has_role(Role.CASE_MANAGER)
rules.add_perm("referrals.add_referral", is_case_manager)
rules.add_perm("referrals.override_consent", is_case_manager & may_override_consent)
rules.add_perm("referrals.view_inbox", has_role(Role.PARTNER_STAFF) & belongs_to_an_organisation)
rules.add_perm("referrals.view_overrides", has_role(Role.COORDINATOR, Role.CENTRE_LEAD))
