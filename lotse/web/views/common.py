"""Small helpers shared by the staff views."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from lotse.accounts.models import User
from lotse.tenancy.models import Municipality


def require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def staff_user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def own_municipality(request: HttpRequest) -> Municipality:
    membership = staff_user(request).membership_or_none
    if membership is None or membership.municipality is None:
        raise PermissionDenied
    return membership.municipality
