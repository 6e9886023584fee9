"""Shared pieces of the API operations."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from lotse.accounts.models import User
from lotse.tenancy.models import Municipality

DATE_EXPECTED = _("A date as YYYY-MM-DD is needed, e.g. 1990-03-07.")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _day_as_written(value: Any) -> Any:
    """A date written as YYYY-MM-DD (or a date already): pydantic would take a number, also
    "1950", as seconds since 1970 and store 01.01.1970."""
    if isinstance(value, dt.date) or (isinstance(value, str) and _ISO_DAY.fullmatch(value)):
        return value
    raise PydanticCustomError("date_parsing", str(DATE_EXPECTED))


# Every date of the API's schemas.
Day = Annotated[dt.date, BeforeValidator(_day_as_written)]

# Pydantic's messages are English: those of the errors the schemas can raise, in the user's
# language, with the limit broken from the error's ``ctx``. The schemas' own checks
# (``checked``) speak it already.
INPUT_ERRORS = {
    "missing": _("This field is required."),
    "string_type": _("Text is needed."),
    "string_too_short": _("At least %(min_length)s characters are needed."),
    "string_too_long": _("At most %(max_length)s characters are allowed."),
    "int_type": _("A whole number is needed."),
    "int_parsing": _("A whole number is needed."),
    "int_from_float": _("A whole number is needed."),
    "float_type": _("A number is needed."),
    "float_parsing": _("A number is needed."),
    "bool_type": _("true or false is needed."),
    "bool_parsing": _("true or false is needed."),
    "date_type": DATE_EXPECTED,
    "date_parsing": DATE_EXPECTED,
    "date_from_datetime_parsing": DATE_EXPECTED,
    "date_from_datetime_inexact": DATE_EXPECTED,
    "datetime_type": _("A date and time as YYYY-MM-DDTHH:MM is needed."),
    "datetime_parsing": _("A date and time as YYYY-MM-DDTHH:MM is needed."),
    "uuid_type": _("An id (UUID) is needed."),
    "uuid_parsing": _("An id (UUID) is needed."),
    "greater_than": _("More than %(gt)s is needed."),
    "greater_than_equal": _("At least %(ge)s is needed."),
    "less_than": _("Less than %(lt)s is needed."),
    "less_than_equal": _("At most %(le)s is allowed."),
    "enum": _("One of these is needed: %(expected)s."),
    "literal_error": _("One of these is needed: %(expected)s."),
    "list_type": _("A list is needed."),
    "too_short": _("At least %(min_length)s entries are needed."),
    "too_long": _("At most %(max_length)s entries are allowed."),
    "dict_type": _("An object is needed."),
    "model_type": _("An object is needed."),
    "model_attributes_type": _("An object is needed."),
    "json_invalid": _("The body is not valid JSON."),
    "extra_forbidden": _("This field is unknown."),
}


def in_users_language(error: dict[str, Any]) -> dict[str, Any]:
    """A validation error of ninja with its message in the user's language, where it is one
    of pydantic's (``INPUT_ERRORS``)."""
    kind = error.get("type", "")
    text = INPUT_ERRORS.get(kind)
    if text is None:
        return error
    ctx = error.get("ctx", {})
    if kind in ("enum", "literal_error") and isinstance(ctx.get("expected"), str):
        # pydantic lists the values in English ("'a', 'b' or 'c'"): a plain list instead.
        ctx = {**ctx, "expected": ", ".join(ctx["expected"].rsplit(" or ", 1))}
    try:
        message = str(text) % ctx
    except (KeyError, TypeError):  # a limit the error did not give: the message as it is
        return error
    return {**error, "msg": message, **({"ctx": ctx} if "ctx" in error else {})}


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
