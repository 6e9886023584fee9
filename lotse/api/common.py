"""Shared pieces of the API operations."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Schema

from lotse.accounts.models import User
from lotse.tenancy.models import Municipality


class ErrorOut(Schema):
    detail: str


ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


def require(request: HttpRequest, permission: str, obj: Any = None) -> None:
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


def acting_user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def municipality_of(request: HttpRequest) -> Municipality:
    membership = acting_user(request).membership_or_none
    if membership is None or membership.municipality is None:
        raise PermissionDenied
    return membership.municipality
