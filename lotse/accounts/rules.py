"""Permission predicates (the `rules` package). Pages and API ask the same questions."""

from typing import Any

import rules

from lotse.accounts.enums import MUNICIPAL_ROLES, Role


def _role(user: Any) -> str | None:
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    return user.role


@rules.predicate
def has_membership(user: Any) -> bool:
    return _role(user) is not None


@rules.predicate
def works_in_a_municipality(user: Any) -> bool:
    return _role(user) in MUNICIPAL_ROLES


def has_role(*roles: Role) -> rules.Predicate:
    names = frozenset(roles)

    @rules.predicate(name=f"has_role({', '.join(sorted(names))})")
    def predicate(user: Any) -> bool:
        return _role(user) in names

    return predicate


@rules.predicate
def same_municipality(user: Any, obj: Any) -> bool:
    if obj is None or _role(user) is None:
        return False
    return bool(obj.municipality_id == user.municipality_id_or_none)


is_administrator = has_role(Role.ADMINISTRATOR)

rules.add_perm("web.view_home", has_membership)
rules.add_perm("accounts.use_api", works_in_a_municipality)
rules.add_perm("audit.view_auditevent", is_administrator | has_role(Role.CENTRE_LEAD))
