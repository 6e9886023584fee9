"""Every write to the walk-in queue of the open office hours."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.audit import services as audit
from lotse.audit.events import EventType
from lotse.cases.models import WalkIn, WalkInStatus

if TYPE_CHECKING:
    from lotse.accounts.models import User
    from lotse.people.models import Person
    from lotse.tenancy.models import Site


@transaction.atomic
def register_walk_in(
    *,
    acting_user: User,
    site: Site,
    person: Person | None = None,
    given_name: str = "",
    family_name: str = "",
) -> WalkIn:
    """Put someone into the queue of a site: a known person, or a new one by name.

    Side effects: one WalkIn (arrival time now), one audit entry.
    """
    if person is not None:
        if person.municipality_id != site.municipality_id:
            raise ValidationError(_("The person belongs to another municipality."))
        given_name, family_name = person.given_name, person.family_name
    if not given_name.strip() or not family_name.strip():
        raise ValidationError(_("Please give at least the given and the family name."))
    walk_in = WalkIn(
        municipality_id=site.municipality_id,
        site=site,
        person=person,
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        arrived_at=timezone.now(),
        registered_by=acting_user,
    )
    walk_in.full_clean()
    walk_in.save()
    audit.record(
        EventType.WALK_IN_REGISTERED,
        actor=acting_user,
        municipality=site.municipality,
        target=walk_in,
        after={"site": site.pk, "person": person.pk if person else None},
    )
    return walk_in


@transaction.atomic
def call_next(*, acting_user: User, site: Site) -> WalkIn | None:
    """Call whoever has waited longest at a site; None when nobody waits.

    The waiting time to first contact is recorded with the call. Side effects: the walk-in
    becomes CALLED, one audit entry.
    """
    walk_in = (
        WalkIn.objects.select_for_update()
        .filter(site=site, status=WalkInStatus.WAITING)
        .order_by("arrived_at", "id")
        .first()
    )
    if walk_in is None:
        return None
    walk_in.status = WalkInStatus.CALLED
    walk_in.called_at = timezone.now()
    walk_in.called_by = acting_user
    walk_in.save(update_fields=["status", "called_at", "called_by"])
    audit.record(
        EventType.WALK_IN_CALLED,
        actor=acting_user,
        municipality=site.municipality,
        target=walk_in,
        after={"waiting_minutes": walk_in.waiting_minutes},
    )
    return walk_in


@transaction.atomic
def mark_walk_in_left(*, acting_user: User, walk_in: WalkIn) -> WalkIn:
    """Someone left before being called. Side effects: status LEFT, one audit entry."""
    if walk_in.status != WalkInStatus.WAITING:
        raise ValidationError(_("Only somebody who is still waiting can leave the queue."))
    walk_in.status = WalkInStatus.LEFT
    walk_in.save(update_fields=["status"])
    audit.record(
        EventType.WALK_IN_LEFT,
        actor=acting_user,
        municipality=walk_in.site.municipality,
        target=walk_in,
    )
    return walk_in


@transaction.atomic
def link_walk_in(*, acting_user: User, walk_in: WalkIn, person: Person) -> WalkIn:
    """Connect a walk-in registered by name to the person record created or found for them.

    Side effects: the link, one audit entry.
    """
    if person.municipality_id != walk_in.municipality_id:
        raise ValidationError(_("The person belongs to another municipality."))
    walk_in.person = person
    walk_in.save(update_fields=["person"])
    audit.record(
        EventType.WALK_IN_LINKED,
        actor=acting_user,
        municipality=walk_in.site.municipality,
        target=walk_in,
        after={"person": person.pk},
    )
    return walk_in
