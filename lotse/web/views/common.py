"""Small helpers shared by the staff views."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest

from lotse.accounts.models import User
from lotse.people import services as people_services
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


def add_service_errors(
    form: Any, error: ValidationError, aliases: Mapping[str, str] | None = None
) -> None:
    """Show a service's ValidationError on the form: at its field where the form has one
    (model field names mapped through ``aliases``), otherwise above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, errors in error.message_dict.items():
        target = (aliases or {}).get(field, field)
        form.add_error(target if target in form.fields else None, errors)


class CountedPaginator(Paginator):
    """A paginator told its total, for lists whose counts are read anyway (one query less)."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self) -> int:
        return self._known_count


def record_listed(request: HttpRequest, person_ids: Iterable[Any], listing: str) -> None:
    """Audit the persons a page shows in a list, a search or a warning
    (``people.services.record_persons_listed``)."""
    people_services.record_persons_listed(
        acting_user=staff_user(request),
        municipality=own_municipality(request),
        person_ids=person_ids,
        via="web",
        listing=listing,
    )
