"""Every write to staff users, memberships and API tokens. Each writes its audit entry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.accounts.enums import Role
from lotse.accounts.models import ApiToken, Membership, User, hash_token, new_raw_token
from lotse.audit import services as audit
from lotse.audit.events import EventType
from lotse.tenancy.models import Municipality, Organisation, Site

USER_FIELDS = ("username", "first_name", "last_name", "email", "is_active")
MEMBERSHIP_FIELDS = ("municipality", "organisation", "site", "role", "may_override_consent")


def _check_membership(
    *,
    role: Role,
    municipality: Municipality | None,
    organisation: Organisation | None,
    site: Site | None,
) -> None:
    if role == Role.STATE_REVIEWER:
        if municipality is not None or organisation is not None or site is not None:
            raise ValidationError(_("A state reviewer belongs to no municipality."))
        return
    if municipality is None:
        raise ValidationError(_("This role needs a municipality."))
    if organisation is not None and organisation.municipality_id != municipality.pk:
        raise ValidationError(_("The organisation belongs to another municipality."))
    if site is not None and site.municipality_id != municipality.pk:
        raise ValidationError(_("The site belongs to another municipality."))


@transaction.atomic
def create_staff_user(
    *,
    acting_user: User | None,
    username: str,
    role: Role,
    municipality: Municipality | None,
    organisation: Organisation | None = None,
    site: Site | None = None,
    password: str | None = None,
    validate_password_strength: bool = True,
    **fields: Any,
) -> User:
    """Create a staff user with a membership.

    Without a password the account cannot sign in until one is set. Side effects: one User,
    one Membership, audit entries for both (the password is never written to the trail).
    """
    _check_membership(role=role, municipality=municipality, organisation=organisation, site=site)
    user = User(username=username, **fields)
    if password is not None:
        if validate_password_strength:
            validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    audit.record(
        EventType.USER_CREATED,
        actor=acting_user,
        municipality=municipality,
        target=user,
        after=audit.snapshot(user, fields=(*USER_FIELDS, "password")),
    )
    membership = Membership.objects.create(
        user=user, municipality=municipality, organisation=organisation, site=site, role=role
    )
    audit.record(
        EventType.MEMBERSHIP_SET,
        actor=acting_user,
        municipality=municipality,
        target=membership,
        after=audit.snapshot(membership, fields=MEMBERSHIP_FIELDS),
    )
    return user


@transaction.atomic
def set_membership(
    *,
    acting_user: User | None,
    user: User,
    role: Role,
    organisation: Organisation | None = None,
    site: Site | None = None,
) -> Membership:
    """Change role, organisation or site of a user within their municipality.

    Moving a user to another municipality is not possible: tenants stay apart.
    Side effects: the membership update, one audit entry.
    """
    membership = Membership.objects.select_for_update().get(user=user)
    _check_membership(
        role=role,
        municipality=membership.municipality,
        organisation=organisation,
        site=site,
    )
    before = audit.snapshot(membership, fields=MEMBERSHIP_FIELDS)
    membership.role = role
    membership.organisation = organisation
    membership.site = site
    membership.save()
    audit.record(
        EventType.MEMBERSHIP_SET,
        actor=acting_user,
        municipality=membership.municipality,
        target=membership,
        before=before,
        after=audit.snapshot(membership, fields=MEMBERSHIP_FIELDS),
    )
    return membership


@transaction.atomic
def set_emergency_permission(*, acting_user: User | None, user: User, allowed: bool) -> Membership:
    """Grant or take the permission to refer without consent in an emergency (case
    managers only). Side effects: the membership update, one audit entry."""
    membership = Membership.objects.select_for_update().get(user=user)
    if allowed and membership.role != Role.CASE_MANAGER:
        raise ValidationError(_("Only case managers can refer, so only they can hold this."))
    before = audit.snapshot(membership, fields=MEMBERSHIP_FIELDS)
    membership.may_override_consent = allowed
    membership.save(update_fields=["may_override_consent"])
    audit.record(
        EventType.MEMBERSHIP_SET,
        actor=acting_user,
        municipality=membership.municipality,
        target=membership,
        before=before,
        after=audit.snapshot(membership, fields=MEMBERSHIP_FIELDS),
    )
    return membership


@transaction.atomic
def create_api_token(
    *, acting_user: User | None, user: User, name: str, expires_at: dt.datetime | None = None
) -> tuple[ApiToken, str]:
    """Create a personal API token for a user; returns the record and the raw token.

    The raw token is returned once and never stored. Side effects: one ApiToken, one audit
    entry (without the token).
    """
    if user.role is None:
        raise ValidationError(_("The user has no role and cannot use the API."))
    raw = new_raw_token()
    token = ApiToken.objects.create(
        user=user, name=name, token_hash=hash_token(raw), hint=raw[-4:], expires_at=expires_at
    )
    audit.record(
        EventType.API_TOKEN_CREATED,
        actor=acting_user,
        municipality=user.membership.municipality,
        target=token,
        after={"user": user.get_username(), "name": name, "token": raw},
    )
    return token, raw


@transaction.atomic
def revoke_api_token(*, acting_user: User | None, token: ApiToken) -> ApiToken:
    """Revoke a token at once. Side effects: sets revoked_at, one audit entry."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        membership = token.user.membership_or_none
        audit.record(
            EventType.API_TOKEN_REVOKED,
            actor=acting_user,
            municipality=membership.municipality if membership else None,
            target=token,
            after={"revoked_at": token.revoked_at},
        )
    return token


def user_for_api_token(raw: str) -> User | None:
    """The active user owning a valid token, or None. Marks the token as used."""
    if not raw.startswith("lotse_") or len(raw) > 200:
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related(
            "user__membership__municipality", "user__membership__organisation"
        )
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or (token.expires_at is not None and token.expires_at <= now):
        return None
    if not token.user.is_active:
        return None
    # Usage is not a change of data; it is kept on the token, not in the audit trail.
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
