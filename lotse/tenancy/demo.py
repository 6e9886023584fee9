"""Demo data: Duisburg and Wuppertal, their sites and organisations, and demo users.

Facts (addresses, office hours) are the public ones of the sources; all people are
invented. Running it twice creates nothing twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction

from lotse.accounts import services as account_services
from lotse.accounts.enums import Role
from lotse.accounts.models import User
from lotse.tenancy import services
from lotse.tenancy.enums import HoursKind, OrganisationKind
from lotse.tenancy.models import Municipality, Organisation, Site
from lotse.tenancy.services import HoursWindow

DEMO_PASSWORD = "lotse-demo"  # noqa: S105  (documented demo password, demo seed only)

MON, TUE, WED, THU, FRI, SAT = range(6)


def _t(value: str) -> dt.time:
    return dt.time.fromisoformat(value)


def _office(*windows: tuple[int, str, str]) -> list[HoursWindow]:
    return [HoursWindow(HoursKind.OFFICE_HOURS, day, _t(a), _t(b)) for day, a, b in windows]


def _phone_weekdays(opens: str, closes: str) -> list[HoursWindow]:
    return [
        HoursWindow(HoursKind.PHONE_HOURS, day, _t(opens), _t(closes))
        for day in (MON, TUE, WED, THU, FRI)
    ]


@dataclass(frozen=True)
class SiteSpec:
    name: str
    organisation: str
    street: str
    postcode: str
    city: str
    district: str
    phone_numbers: tuple[str, ...] = ()
    hours: tuple[HoursWindow, ...] = ()
    is_support_centre: bool = False


@dataclass(frozen=True)
class UserSpec:
    username: str
    role: Role
    organisation: str | None
    site: str | None = None
    first_name: str = "Demo"
    last_name: str = ""
    may_override_consent: bool = False


@dataclass(frozen=True)
class MunicipalitySpec:
    slug: str
    name: str
    official_key: str
    organisations: tuple[tuple[str, str, OrganisationKind], ...]
    sites: tuple[SiteSpec, ...]
    users: tuple[UserSpec, ...] = field(default=())


KI_DUISBURG = "Kommunales Integrationszentrum Duisburg"
# Where the demo directory's offers take place. Invented addresses and hours in the real
# districts of the three support centres and the city centre.
PROVIDER_SITES = (
    SiteSpec(
        name="Caritas Migrationsdienst Hochfeld",
        organisation="Caritasverband Duisburg",
        street="Wanheimer Straße 110",
        postcode="47053",
        city="Duisburg",
        district="Hochfeld",
        phone_numbers=("0203-0000101",),
        hours=tuple(_office((TUE, "09:00", "12:00"), (THU, "13:00", "16:00"))),
    ),
    SiteSpec(
        name="Diakonie Beratungszentrum Hochfeld",
        organisation="Diakonisches Werk Duisburg",
        street="Eigenstraße 20",
        postcode="47053",
        city="Duisburg",
        district="Hochfeld",
        phone_numbers=("0203-0000102",),
        hours=tuple(_office((MON, "09:00", "12:00"), (WED, "13:00", "16:00"))),
    ),
    SiteSpec(
        name="Malteser Migrantenmedizin Hochfeld",
        organisation="Malteser Migrantenmedizin Duisburg",
        street="Heerstraße 55",
        postcode="47053",
        city="Duisburg",
        district="Hochfeld",
        phone_numbers=("0203-0000103",),
        hours=tuple(_office((TUE, "14:00", "17:00"), (FRI, "09:00", "12:00"))),
    ),
    SiteSpec(
        name="AWO-Integration Hamborn",
        organisation="AWO-Integration Duisburg",
        street="Jägerstraße 60",
        postcode="47166",
        city="Duisburg",
        district="Hamborn",
        phone_numbers=("0203-0000104",),
        hours=tuple(_office((MON, "13:00", "16:00"), (THU, "09:00", "12:00"))),
    ),
    SiteSpec(
        name="Clearingstelle Hamborn",
        organisation="Clearingstelle Krankenversicherung Duisburg",
        street="Alleestraße 12",
        postcode="47166",
        city="Duisburg",
        district="Hamborn",
        phone_numbers=("0203-0000105",),
        hours=tuple(_office((TUE, "09:00", "13:00"), (THU, "13:00", "17:00"))),
    ),
    SiteSpec(
        name="Clearingstelle Rheinhausen",
        organisation="Clearingstelle Krankenversicherung Duisburg",
        street="Friedrich-Alfred-Straße 30",
        postcode="47226",
        city="Duisburg",
        district="Rheinhausen",
        phone_numbers=("02065-000106",),
        hours=tuple(_office((WED, "09:00", "13:00"))),
    ),
    SiteSpec(
        name="DRK Migrationsberatung Rheinhausen",
        organisation="DRK Duisburg",
        street="Krefelder Straße 70",
        postcode="47226",
        city="Duisburg",
        district="Rheinhausen",
        phone_numbers=("02065-000107",),
        hours=tuple(_office((MON, "09:00", "12:00"), (WED, "14:00", "17:00"))),
    ),
    SiteSpec(
        name="Jugendmigrationsdienst Hamborn",
        organisation="Diakoniewerk Duisburg",
        street="Hamborner Altmarkt 5",
        postcode="47166",
        city="Duisburg",
        district="Hamborn",
        hours=tuple(_office((TUE, "14:00", "18:00"), (FRI, "14:00", "17:00"))),
    ),
    SiteSpec(
        name="Lernraum Hochfeld",
        organisation="Lernbrücke e. V.",
        street="Pauluskirchstraße 8",
        postcode="47053",
        city="Duisburg",
        district="Hochfeld",
        hours=tuple(_office(*((day, "14:00", "17:00") for day in (MON, TUE, WED, THU)))),
    ),
    SiteSpec(
        name="Lernraum Hamborn",
        organisation="Lernbrücke e. V.",
        street="Duisburger Straße 180",
        postcode="47166",
        city="Duisburg",
        district="Hamborn",
        hours=tuple(_office((MON, "14:00", "17:00"), (WED, "14:00", "17:00"))),
    ),
    SiteSpec(
        name="Jugendzentrum Rheinhausen",
        organisation="Jugendamt Duisburg",
        street="Atroper Straße 40",
        postcode="47226",
        city="Duisburg",
        district="Rheinhausen",
        hours=tuple(
            _office((TUE, "15:00", "20:00"), (THU, "15:00", "20:00"), (SAT, "11:00", "16:00"))
        ),
    ),
    SiteSpec(
        name="Berufsinformationszentrum Duisburg",
        organisation="Agentur für Arbeit Duisburg",
        street="Wintgensstraße 29",
        postcode="47058",
        city="Duisburg",
        district="Altstadt",
        hours=tuple(_office(*((day, "08:00", "12:30") for day in (MON, TUE, WED, THU, FRI)))),
    ),
    SiteSpec(
        name="Zentralbibliothek Duisburg",
        organisation="Stadtbibliothek Duisburg",
        street="Düsseldorfer Straße 5",
        postcode="47051",
        city="Duisburg",
        district="Altstadt",
        hours=tuple(
            _office(
                *((day, "10:00", "19:00") for day in (TUE, WED, THU, FRI)), (SAT, "10:00", "14:00")
            )
        ),
    ),
    SiteSpec(
        name="ZIUMA Integrationsagentur",
        organisation="Der Paritätische – ZIUMA",
        street="Friedenstraße 12",
        postcode="47053",
        city="Duisburg",
        district="Altstadt",
        hours=tuple(_office((MON, "10:00", "13:00"), (THU, "14:00", "18:00"))),
    ),
)

DUISBURG = MunicipalitySpec(
    slug="duisburg",
    name="Stadt Duisburg",
    official_key="05112000",
    organisations=(
        (KI_DUISBURG, "KI Duisburg", OrganisationKind.CITY_OFFICE),
        ("Jugendamt Duisburg", "Jugendamt", OrganisationKind.CITY_OFFICE),
        ("Schulamt Duisburg", "Schulamt", OrganisationKind.CITY_OFFICE),
        ("Sozialamt Duisburg", "Sozialamt", OrganisationKind.CITY_OFFICE),
        ("Ausländeramt Duisburg", "Ausländeramt", OrganisationKind.FOREIGNERS_OFFICE),
        ("Jobcenter Duisburg", "Jobcenter", OrganisationKind.JOBCENTER),
        ("DRK Duisburg", "DRK", OrganisationKind.WELFARE_ASSOCIATION),
        ("Diakonisches Werk Duisburg", "Diakonie", OrganisationKind.WELFARE_ASSOCIATION),
        ("AWO-Integration Duisburg", "AWO", OrganisationKind.WELFARE_ASSOCIATION),
        ("Grafschafter Diakonie", "Grafschafter Diakonie", OrganisationKind.WELFARE_ASSOCIATION),
        ("Caritasverband Duisburg", "Caritas", OrganisationKind.WELFARE_ASSOCIATION),
        (
            "Der Paritätische – ZIUMA",
            "ZIUMA",
            OrganisationKind.WELFARE_ASSOCIATION,
        ),
        ("Diakoniewerk Duisburg", "Diakoniewerk", OrganisationKind.WELFARE_ASSOCIATION),
        ("Malteser Migrantenmedizin Duisburg", "Malteser", OrganisationKind.HEALTH),
        ("Clearingstelle Krankenversicherung Duisburg", "Clearingstelle", OrganisationKind.HEALTH),
        # Providers of the demo service directory (lotse.directory.demo).
        ("Agentur für Arbeit Duisburg", "Arbeitsagentur", OrganisationKind.OTHER),
        ("Stadtbibliothek Duisburg", "Stadtbibliothek", OrganisationKind.CITY_OFFICE),
        ("Lernbrücke e. V.", "Lernbrücke", OrganisationKind.MIGRANT_ASSOCIATION),
    ),
    sites=(
        SiteSpec(
            name="Kommunales Integrationszentrum Duisburg",
            organisation=KI_DUISBURG,
            street="Flachsmarkt",
            postcode="47051",
            city="Duisburg",
            district="Altstadt",
        ),
        SiteSpec(
            name="Regionales Unterstützungszentrum Hamborn",
            organisation=KI_DUISBURG,
            street="Duisburger Straße 241",
            postcode="47166",
            city="Duisburg",
            district="Hamborn",
            phone_numbers=("0203-94065358", "0203-94065357"),
            hours=(
                *_office((MON, "10:00", "12:00"), (WED, "14:00", "16:00")),
                *_phone_weekdays("09:00", "10:00"),
            ),
            is_support_centre=True,
        ),
        SiteSpec(
            name="Regionales Unterstützungszentrum Hochfeld",
            organisation=KI_DUISBURG,
            street="Brückenstraße 30",
            postcode="47053",
            city="Duisburg",
            district="Hochfeld",
            phone_numbers=("0203-60802707",),
            hours=(
                *_office((MON, "10:00", "12:00"), (WED, "14:00", "16:00")),
                *_phone_weekdays("09:00", "10:00"),
            ),
            is_support_centre=True,
        ),
        SiteSpec(
            name="Regionales Unterstützungszentrum Rheinhausen",
            organisation=KI_DUISBURG,
            street="Beethovenstraße 18a",
            postcode="47226",
            city="Duisburg",
            district="Rheinhausen",
            phone_numbers=("02065-550087",),
            hours=(
                *_office((MON, "13:00", "15:00"), (THU, "10:00", "12:00")),
                *_phone_weekdays("09:00", "10:00"),
            ),
            is_support_centre=True,
        ),
        *PROVIDER_SITES,
    ),
    users=(
        UserSpec(
            "cm.hamborn",
            Role.CASE_MANAGER,
            KI_DUISBURG,
            "Regionales Unterstützungszentrum Hamborn",
            last_name="Fallmanagement Hamborn",
        ),
        UserSpec(
            "cm.hochfeld",
            Role.CASE_MANAGER,
            "Caritasverband Duisburg",
            "Regionales Unterstützungszentrum Hochfeld",
            last_name="Fallmanagement Hochfeld",
        ),
        UserSpec(
            "cm.rheinhausen",
            Role.CASE_MANAGER,
            "DRK Duisburg",
            "Regionales Unterstützungszentrum Rheinhausen",
            last_name="Fallmanagement Rheinhausen",
            # The demo's one holder of the emergency permission (refer without consent).
            may_override_consent=True,
        ),
        UserSpec(
            "koordination.duisburg", Role.COORDINATOR, KI_DUISBURG, last_name="KIM-Koordination"
        ),
        UserSpec("leitung.duisburg", Role.CENTRE_LEAD, KI_DUISBURG, last_name="Leitung KI"),
        UserSpec(
            "jobcenter.duisburg", Role.PARTNER_STAFF, "Jobcenter Duisburg", last_name="Jobcenter"
        ),
        UserSpec(
            "abh.duisburg", Role.PARTNER_STAFF, "Ausländeramt Duisburg", last_name="Ausländeramt"
        ),
        UserSpec(
            "awo.duisburg",
            Role.PARTNER_STAFF,
            "AWO-Integration Duisburg",
            last_name="AWO-Integration",
        ),
        UserSpec(
            "clearing.duisburg",
            Role.CLEARING_COUNSELLOR,
            "Clearingstelle Krankenversicherung Duisburg",
            last_name="Clearingstelle",
        ),
        UserSpec("admin.duisburg", Role.ADMINISTRATOR, KI_DUISBURG, last_name="Administration"),
    ),
)

KI_WUPPERTAL = "Kommunales Integrationszentrum Wuppertal"

WUPPERTAL = MunicipalitySpec(
    slug="wuppertal",
    name="Stadt Wuppertal",
    official_key="05124000",
    organisations=(
        (KI_WUPPERTAL, "KI Wuppertal", OrganisationKind.CITY_OFFICE),
        ("Ausländerbehörde Wuppertal", "Ausländerbehörde", OrganisationKind.FOREIGNERS_OFFICE),
        ("Jobcenter Wuppertal", "Jobcenter", OrganisationKind.JOBCENTER),
    ),
    sites=(
        SiteSpec(
            name="Haus der Integration",
            organisation=KI_WUPPERTAL,
            street="Bundesallee",
            postcode="42103",
            city="Wuppertal",
            district="Elberfeld",
            hours=tuple(_office((TUE, "09:00", "12:00"), (THU, "14:00", "17:00"))),
            is_support_centre=True,
        ),
    ),
    users=(
        UserSpec(
            "cm.wuppertal",
            Role.CASE_MANAGER,
            KI_WUPPERTAL,
            "Haus der Integration",
            last_name="Fallmanagement Wuppertal",
        ),
    ),
)

STATE_USERS = (UserSpec("land.nrw", Role.STATE_REVIEWER, None, last_name="Land NRW"),)


@dataclass
class SeedResult:
    created: list[str] = field(default_factory=list)

    def note(self, label: str) -> None:
        self.created.append(label)


def _ensure_user(
    spec: UserSpec,
    municipality: Municipality | None,
    organisations: dict[str, Organisation],
    sites: dict[str, Site],
    result: SeedResult,
) -> None:
    if User.objects.filter(username=spec.username).exists():
        return
    user = account_services.create_staff_user(
        acting_user=None,
        username=spec.username,
        role=spec.role,
        municipality=municipality,
        organisation=organisations[spec.organisation] if spec.organisation else None,
        site=sites[spec.site] if spec.site else None,
        password=DEMO_PASSWORD,
        validate_password_strength=False,
        first_name=spec.first_name,
        last_name=spec.last_name,
    )
    if spec.may_override_consent:
        account_services.set_emergency_permission(acting_user=None, user=user, allowed=True)
    result.note(f"user {spec.username}")


def _ensure_municipality(spec: MunicipalitySpec, result: SeedResult) -> None:
    municipality = Municipality.objects.filter(slug=spec.slug).first()
    if municipality is None:
        municipality = services.create_municipality(
            acting_user=None, slug=spec.slug, name=spec.name, official_key=spec.official_key
        )
        result.note(f"municipality {spec.slug}")
    organisations = {o.name: o for o in municipality.organisations.all()}
    for name, short_name, kind in spec.organisations:
        if name not in organisations:
            organisations[name] = services.create_organisation(
                acting_user=None,
                municipality=municipality,
                name=name,
                short_name=short_name,
                kind=kind,
            )
            result.note(f"organisation {name}")
    sites = {s.name: s for s in municipality.sites.all()}
    for site in spec.sites:
        if site.name in sites:
            continue
        sites[site.name] = services.create_site(
            acting_user=None,
            organisation=organisations[site.organisation],
            name=site.name,
            street=site.street,
            postcode=site.postcode,
            city=site.city,
            district=site.district,
            phone_numbers=list(site.phone_numbers),
            is_support_centre=site.is_support_centre,
            hours=site.hours,
        )
        result.note(f"site {site.name}")
    for user in spec.users:
        _ensure_user(user, municipality, organisations, sites, result)


def demo_logins() -> Iterable[tuple[str, str]]:
    for spec in (*DUISBURG.users, *WUPPERTAL.users, *STATE_USERS):
        yield spec.username, str(spec.role.label)


@transaction.atomic
def seed_demo() -> SeedResult:
    """Create what is missing of the demo data. Side effects: rows and their audit entries."""
    result = SeedResult()
    _ensure_municipality(DUISBURG, result)
    _ensure_municipality(WUPPERTAL, result)
    for user in STATE_USERS:
        _ensure_user(user, None, {}, {}, result)
    return result
