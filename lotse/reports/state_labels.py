"""Labels of the state report's codes, resolved when shown, in the viewer's language."""

from __future__ import annotations

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from lotse.cases.enums import GoalStatus
from lotse.core.catalogues import ContactForm, LifeDomain, ResidenceStatus
from lotse.people.enums import LifeStage
from lotse.referrals.enums import ReferralStatus
from lotse.tenancy.enums import OrganisationKind

TITLES = {
    "persons_by_origin": _("Persons counselled by country of origin and life stage"),
    "persons_by_residence": _("Persons counselled by residence status and life stage"),
    "cases_by_movement": _("Cases opened, closed and still open in the period"),
    "need_change": _("Change of need between the first and the latest assessment"),
    "goals_by_status": _("Goals by life domain and status"),
    "referrals_by_outcome": _("Referrals sent, by receiving organisation and status"),
    "contacts_by_form": _("Contacts by form and interpreter use"),
}
UNITS = {
    "persons": _("persons"),
    "cases": _("cases"),
    "contacts": _("contacts"),
    "goals": _("goals"),
    "referrals": _("referrals"),
}
OWN = {
    "unknown": _("Unknown"),
    "new_closed": _("Opened and closed in the period"),
    "new_open": _("Opened in the period, still open"),
    "carried_closed": _("Opened before, closed in the period"),
    "carried_open": _("Opened before, still open"),
    "person": _("Case of one person"),
    "household": _("Household case"),
    "improved": _("Need lower"),
    "unchanged": _("Need unchanged"),
    "worsened": _("Need higher"),
    "yes": _("With interpreter"),
    "no": _("Without interpreter"),
}
CATALOGUES: tuple[type[TextChoices], ...] = (
    LifeStage,
    ResidenceStatus,
    LifeDomain,
    GoalStatus,
    OrganisationKind,
    ReferralStatus,
    ContactForm,
)


def title(name: str) -> str:
    return str(TITLES.get(name, name))


def unit(code: str) -> str:
    return str(UNITS.get(code, code))


def label(code: str, table: str = "") -> str:
    """The label of a row or column code; an unknown code (from a newer file) as itself."""
    if table == "persons_by_origin" and code == "other":
        return str(_("Other countries"))
    if code in OWN:
        return str(OWN[code])
    for catalogue in CATALOGUES:
        if code in catalogue.values:
            return str(catalogue(code).label)
    if len(code) == 2 and code.isupper():
        return str(countries.name(code)) or code
    return code
