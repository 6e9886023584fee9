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
    ASSESSMENT_RECORDED = "cases.assessment_recorded", _("Assessment recorded")
    GOAL_ADDED = "cases.goal_added", _("Goal added")
    GOAL_STATUS_SET = "cases.goal_status_set", _("Goal status changed")
    MEASURE_ADDED = "cases.measure_added", _("Measure added")
    MEASURE_DONE_SET = "cases.measure_done_set", _("Measure marked done or open")
    CONTACT_RECORDED = "cases.contact_recorded", _("Contact recorded")
    FOLLOW_UP_ADDED = "cases.follow_up_added", _("Follow-up set")
    FOLLOW_UP_DONE = "cases.follow_up_done", _("Follow-up done")
    WALK_IN_REGISTERED = "cases.walk_in_registered", _("Walk-in registered")
    WALK_IN_CALLED = "cases.walk_in_called", _("Walk-in called")
    WALK_IN_LEFT = "cases.walk_in_left", _("Walk-in left without counselling")
    WALK_IN_LINKED = "cases.walk_in_linked", _("Walk-in linked to a person")
    STRUCTURAL_ISSUE_CREATED = "cases.structural_issue_created", _("Structural issue created")
    STRUCTURAL_ISSUE_ACTIVE_SET = (
        "cases.structural_issue_active_set",
        _("Structural issue switched on or off"),
    )
    CASE_ISSUE_TAGGED = "cases.issue_tagged", _("Case tagged with a structural issue")
    CASE_ISSUE_UNTAGGED = "cases.issue_untagged", _("Structural issue removed from a case")
    CONSENT_RECORDED = "consents.recorded", _("Consent recorded")
    CONSENT_WITHDRAWN = "consents.withdrawn", _("Consent withdrawn")
    CONSENT_SCAN_VIEWED = "consents.scan_viewed", _("Scan of a consent form opened")
    CONSENT_FORM_PRINTED = "consents.form_printed", _("Consent form printed")
    REFERRAL_CREATED = "referrals.created", _("Referral created")
    REFERRAL_STATUS_CHANGED = "referrals.status_changed", _("Referral status changed")
    REFERRAL_CONSENT_OVERRIDDEN = (
        "referrals.consent_overridden",
        _("Referral without consent (emergency override)"),
    )
    REFERRAL_CONSENT_LAPSED = "referrals.consent_lapsed", _("Consent for an open referral ended")
    SHARED_SUMMARY_VIEWED = "referrals.summary_viewed", _("Shared summary viewed")
    REFERRALS_EXPORTED = "referrals.exported", _("Referrals exported")
