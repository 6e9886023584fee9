"""Shared pieces of the API operations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Field, Schema
from pydantic_core import PydanticCustomError

from lotse.accounts.models import User
from lotse.tenancy.models import Municipality


class ErrorOut(Schema):
    detail: str


# The shape of the 422 answer of ``api.invalid`` (ninja's validation errors, without the
# input); their docstrings are the OpenAPI document's descriptions.
class InputErrorOut(Schema):
    """One refused value."""

    type: str = Field(..., description="What is wrong as a code, e.g. missing, no_letter")
    loc: list[str | int] = Field(
        ..., description="Where the value was: path, query or body first, its field last"
    )
    msg: str = Field(..., description="What is wrong, in the user's language")
    ctx: dict[str, Any] = Field(
        default_factory=dict, description='The limit broken, e.g. {"ge": 1}; only where one is'
    )


class InvalidOut(Schema):
    """The answer to malformed input: each refused value in `errors`."""

    detail: str
    errors: list[InputErrorOut]


class RefusedOut(Schema):
    """A request the rules refuse (a move the workflow forbids, dates that contradict each
    other): the reasons by field in `errors`."""

    detail: str
    errors: dict[str, list[str]] = Field(
        ..., description="The reasons by field; `__all__` for the request as a whole"
    )


class ConflictOut(Schema):
    """The stored record changed meanwhile: someone else saved first (the fields they
    changed in `fields`), or a pair was decided or merged meanwhile."""

    detail: str
    fields: list[str] = Field(
        [], description="The fields someone else changed since the version sent"
    )


ERRORS: dict[int, Any] = {
    400: RefusedOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
}
# Of an operation that may find the record changed meanwhile: one that takes the `version`
# read (``concurrency.save_versioned``) or merges two persons.
CONFLICTS: dict[int, Any] = {**ERRORS, 409: ConflictOut}

T = TypeVar("T")


def checked(check: Callable[[T], T], value: T) -> T:
    """A form's check run in a schema's field validator: what it refuses is malformed input,
    answered 422 with the field's error in its ``errors`` (in the user's language), like
    any other value the schema refuses."""
    try:
        return check(value)
    except ValidationError as error:
        raise PydanticCustomError(error.code or "invalid", " ".join(error.messages)) from error


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
