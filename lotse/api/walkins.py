"""API operations for the walk-in queue of a site's open office hours."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from pydantic import ValidationInfo, field_validator

from lotse.api.audited import listed
from lotse.api.common import ERRORS, acting_user, checked, require
from lotse.cases import walkins
from lotse.cases.models import WalkIn, WalkInStatus
from lotse.people import queries as people_queries
from lotse.people.validators import clean_name
from lotse.tenancy import queries as tenancy_queries
from lotse.tenancy.models import Site

router = Router(tags=["walk-ins"])


class WalkInOut(Schema):
    id: int
    site_id: uuid.UUID
    person_id: uuid.UUID | None
    given_name: str
    family_name: str
    status: str
    arrived_at: dt.datetime
    called_at: dt.datetime | None
    waiting_minutes: int | None


class WalkInIn(Schema):
    person_id: uuid.UUID | None = None
    given_name: str = ""
    family_name: str = ""

    @field_validator("given_name", "family_name")
    @classmethod
    def _name(cls, value: str, info: ValidationInfo) -> str:
        """A name as the person forms take it (a letterless name is 422): it becomes the
        person's. Not looked at with ``person_id`` (the person's own names count); a blank
        one is the service's to refuse (400), and only without ``person_id``."""
        if info.data.get("person_id") is not None or not value.strip():
            return value
        return checked(clean_name, value)


def _site(request: HttpRequest, site_id: uuid.UUID) -> Site:
    require(request, "cases.list_case")
    return tenancy_queries.get_site_for(request.user, site_id)


@router.get("/sites/{site_id}/walk-ins", response={200: list[WalkInOut], **ERRORS})
def list_walk_ins(request: HttpRequest, site_id: uuid.UUID) -> Any:
    """Who waits at the site (longest first) and who was called today."""
    site = _site(request, site_id)
    called_today = Q(status=WalkInStatus.CALLED, called_at__date=timezone.localdate())
    walk_ins = list(WalkIn.objects.filter(Q(status=WalkInStatus.WAITING) | called_today, site=site))
    listed(request, (w.person_id for w in walk_ins if w.person_id), "walk-ins")
    return walk_ins


@router.post("/sites/{site_id}/walk-ins", response={201: WalkInOut, **ERRORS})
def register_walk_in(request: HttpRequest, site_id: uuid.UUID, payload: WalkInIn) -> Any:
    """Register an arrival: a known person (`person_id`) or a new one by name. Search the
    persons first (`POST /persons/search`) so that nobody gets a second record."""
    site = _site(request, site_id)
    user = acting_user(request)
    person = people_queries.get_person_for(user, payload.person_id) if payload.person_id else None
    walk_in = walkins.register_walk_in(
        acting_user=user,
        site=site,
        person=person,
        given_name=payload.given_name,
        family_name=payload.family_name,
    )
    return Status(201, walk_in)


@router.post("/sites/{site_id}/walk-ins/call-next", response={200: WalkInOut, **ERRORS})
def call_next(request: HttpRequest, site_id: uuid.UUID) -> Any:
    """Call whoever has waited longest; records the waiting time. 404 when nobody waits."""
    walk_in = walkins.call_next(acting_user=acting_user(request), site=_site(request, site_id))
    if walk_in is None:
        raise Http404
    return walk_in


@router.post("/sites/{site_id}/walk-ins/{walk_in_id}/left", response={200: WalkInOut, **ERRORS})
def mark_left(request: HttpRequest, site_id: uuid.UUID, walk_in_id: int) -> Any:
    """Somebody left the queue before being called."""
    site = _site(request, site_id)
    try:
        walk_in = WalkIn.objects.get(pk=walk_in_id, site=site)
    except WalkIn.DoesNotExist as exc:
        raise Http404 from exc
    return walkins.mark_walk_in_left(acting_user=acting_user(request), walk_in=walk_in)
