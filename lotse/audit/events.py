"""Typed names of audit events. Every event written must be listed here."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventType(models.TextChoices):
    LOGIN = "auth.login", _("Signed in")
    LOGIN_FAILED = "auth.login_failed", _("Failed sign-in")
    LOGIN_THROTTLED = "auth.login_throttled", _("Sign-in blocked after repeated failures")
    LOGOUT = "auth.logout", _("Signed out")
    API_TOKEN_CREATED = "auth.api_token_created", _("API token created")
    API_TOKEN_REVOKED = "auth.api_token_revoked", _("API token revoked")
    USER_CREATED = "accounts.user_created", _("User created")
    USER_UPDATED = "accounts.user_updated", _("User changed")
    MEMBERSHIP_SET = "accounts.membership_set", _("Role or organisation changed")
    MUNICIPALITY_CREATED = "tenancy.municipality_created", _("Municipality created")
    MUNICIPALITY_UPDATED = "tenancy.municipality_updated", _("Municipality changed")
    ORGANISATION_CREATED = "tenancy.organisation_created", _("Organisation created")
    ORGANISATION_UPDATED = "tenancy.organisation_updated", _("Organisation changed")
    SITE_CREATED = "tenancy.site_created", _("Site created")
    SITE_UPDATED = "tenancy.site_updated", _("Site changed")
    SITE_HOURS_SET = "tenancy.site_hours_set", _("Site hours changed")
    HOUSEHOLD_CREATED = "people.household_created", _("Household created")
    HOUSEHOLD_UPDATED = "people.household_updated", _("Household changed")
    PERSON_CREATED = "people.person_created", _("Person created")
    PERSON_UPDATED = "people.person_updated", _("Person changed")
    PERSON_VIEWED = "people.person_viewed", _("Person record opened")
    PERSON_LANGUAGES_SET = "people.languages_set", _("Languages changed")
    RESIDENCE_STATUS_SET = "people.residence_status_set", _("Residence status recorded")
    INSURANCE_STATUS_SET = "people.insurance_status_set", _("Health-insurance status recorded")
    CASE_OPENED = "cases.opened", _("Case opened")
    CASE_PHASE_CHANGED = "cases.phase_changed", _("Case phase changed")
    CASE_PAUSED = "cases.paused", _("Case paused or resumed")
    CASE_TRANSFERRED = "cases.transferred", _("Case transferred")
    CASE_VIEWED = "cases.viewed", _("Case opened for reading")
