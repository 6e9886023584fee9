"""Every write to consents. Each writes its audit entry; a withdrawal acts at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lotse.audit import services as audit
from lotse.audit.events import EventType
from lotse.consents.models import Consent, GivenBy
from lotse.consents.uploads import scan_type
from lotse.core.catalogues import DataCategory, ordered_categories
from lotse.core.concurrency import save_versioned
from lotse.referrals.services import consent_ended

if TYPE_CHECKING:
    from lotse.accounts.models import User
    from lotse.people.models import Person
    from lotse.tenancy.models import Organisation


@transaction.atomic
def record_consent(
    *,
    acting_user: User | None,
    person: Person,
    organisation: Organisation,
    purpose: str,
    categories: Iterable[str],
    medium: str,
    given_on: dt.date,
    valid_until: dt.date | None = None,
    given_by: str = GivenBy.PERSON,
    given_by_name: str = "",
    scan: UploadedFile | None = None,
) -> Consent:
    """Record a consent a person (or their parent) gave to share data with an organisation.

    Side effects: one Consent (with the checked scan stored privately), one audit entry.
    """
    if organisation.municipality_id != person.municipality_id:
        raise ValidationError(
            {"organisation": _("The organisation belongs to another municipality.")}
        )
    codes = list(categories)
    consent = Consent(
        municipality_id=person.municipality_id,
        person=person,
        organisation=organisation,
        purpose=purpose.strip(),
        # Unknown codes stay in, so that validation names them.
        categories=ordered_categories(codes) + sorted(set(codes) - set(DataCategory.values)),
        medium=medium,
        given_on=given_on,
        valid_until=valid_until,
        given_by=given_by,
        given_by_name=given_by_name.strip() if given_by == GivenBy.PARENT else "",
        recorded_by=acting_user if acting_user and acting_user.is_authenticated else None,
    )
    consent.full_clean(exclude=["scan"])
    if scan is not None:
        try:
            consent.scan_type = scan_type(scan)
        except ValidationError as error:
            raise ValidationError({"scan": error.messages}) from error
        consent.scan.save("scan", scan, save=False)
    consent.save()
    audit.record(
        EventType.CONSENT_RECORDED,
        actor=acting_user,
        municipality=person.municipality,
        target=consent,
        after={
            "person": person.pk,
            "organisation": organisation.pk,
            "categories": consent.categories,
            "given_on": given_on,
            "valid_until": valid_until,
            "medium": medium,
            "given_by": given_by,
            "scan": bool(consent.scan),
        },
    )
    return consent


@transaction.atomic
def withdraw_consent(
    *,
    acting_user: User | None,
    consent: Consent,
    withdrawn_on: dt.date,
    reason: str,
    expected_version: int,
) -> Consent:
    """Withdraw a consent. It stops covering anything with the very next request; open
    referrals relying on it are marked and both sides are told.

    Side effects: the update, one audit entry, the referrals' marks and notifications.
    """
    if consent.withdrawn_at is not None:
        raise ValidationError(_("This consent has already been withdrawn."))
    if withdrawn_on > timezone.localdate():
        raise ValidationError(
            {"withdrawn_on": _("A withdrawal takes effect at once; it cannot lie in the future.")}
        )
    if withdrawn_on < consent.given_on:
        raise ValidationError(
            {"withdrawn_on": _("The consent cannot be withdrawn before it was given.")}
        )
    save_versioned(
        consent,
        expected_version=expected_version,
        changes={
            "withdrawn_on": withdrawn_on,
            "withdrawn_at": timezone.now(),
            "withdrawal_reason": reason.strip(),
            "withdrawn_by": acting_user if acting_user and acting_user.is_authenticated else None,
        },
    )
    audit.record(
        EventType.CONSENT_WITHDRAWN,
        actor=acting_user,
        municipality=consent.person.municipality,
        target=consent,
        after={"withdrawn_on": withdrawn_on},
    )
    consent_ended(acting_user=acting_user, consent=consent)
    return consent


@transaction.atomic
def record_scan_viewed(*, acting_user: User, consent: Consent) -> None:
    """Note that a user opened the scan of a signed form. Side effect: one audit entry."""
    audit.record(
        EventType.CONSENT_SCAN_VIEWED,
        actor=acting_user,
        municipality=consent.person.municipality,
        target=consent,
    )


@transaction.atomic
def record_form_printed(*, acting_user: User, consent: Consent, language: str) -> None:
    """Note that the consent form was printed. Side effect: one audit entry."""
    audit.record(
        EventType.CONSENT_FORM_PRINTED,
        actor=acting_user,
        municipality=consent.person.municipality,
        target=consent,
        context={"language": language},
    )
