"""Answers that show persons leave an audit entry with the ids shown
(``people.services.record_persons_listed``), as the pages' lists do."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.http import HttpRequest
from ninja.pagination import LimitOffsetPagination

from lotse.api.common import acting_user, municipality_of
from lotse.people import services


def listed(request: HttpRequest, person_ids: Iterable[Any], listing: str) -> None:
    """Audit the persons an answer shows (``services.record_persons_listed``)."""
    services.record_persons_listed(
        acting_user=acting_user(request),
        municipality=municipality_of(request),
        person_ids=person_ids,
        via="api",
        listing=listing,
    )


AUDITED_PAGE = 200


class AuditedPage(LimitOffsetPagination):
    """A page of items that show persons (``shown``: the person ids of an item: a person, a
    pair of them, a household's members, a case's), whose reading is audited like the
    pages' lists (``listed``)."""

    def __init__(self, *, shown: Callable[[Any], Iterable[Any]], listing: str, **kwargs: Any):
        # At most this many on a page: one entry never holds every person of a municipality.
        super().__init__(**{"max_limit": AUDITED_PAGE, **kwargs})
        self.shown, self.listing = shown, listing

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        page = super().paginate_queryset(queryset, pagination, request, **params)
        items = page[self.items_attribute] = list(page[self.items_attribute])
        listed(request, (pk for item in items for pk in self.shown(item)), self.listing)
        return page
