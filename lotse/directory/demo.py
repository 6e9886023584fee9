"""Demo offers for Duisburg: the kinds of services named in the sources, spread over the
districts of the three support centres and the city centre.

Designed together with the gap-and-overlap analysis and the demo cases
(``lotse.cases.demo``), so that the analysis has something true to say:

- **Overlap**: two migration counselling services for adults (MBE) in Hochfeld, Caritas and
  Diakonie, with the same life domains, target group and languages.
- **Gap**: health offers in Hochfeld exist (Malteser migrant medicine), but none in
  Romanian; the Romanian-speaking health-insurance clearing sits in Hamborn and Rheinhausen.
  The demo cases include Romanian-speaking households in Hochfeld with urgent health needs.

Runs once per municipality (nothing is added when the municipality already has services).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from lotse.directory import services
from lotse.directory.models import Service
from lotse.tenancy.models import Municipality, Organisation, Site


@dataclass(frozen=True)
class ServiceSpec:
    organisation: str
    name: str
    description: str
    life_domains: tuple[str, ...]
    languages: tuple[str, ...]
    sites: tuple[str, ...]
    target_groups: tuple[str, ...] = ("everyone",)
    age_min: int | None = None
    age_max: int | None = None
    capacity: int | None = None
    waiting_days: int | None = None
    phone: str = ""
    eligibility: str = ""
    internal_note: str = ""
    translations: dict[str, dict[str, str]] = field(default_factory=dict)


MBE_DOMAINS = ("residence", "work", "income", "family", "orientation")
MBE_TEXT = (
    "Migrationsberatung für erwachsene Zugewanderte (MBE): Beratung zu Aufenthalt, Arbeit, "
    "Leistungen, Familie und Behördenpost, auf Wunsch mit Begleitung."
)

DUISBURG_SERVICES = (
    ServiceSpec(
        "Caritasverband Duisburg",
        "Migrationsberatung für Erwachsene (MBE) – Caritas Hochfeld",
        MBE_TEXT,
        MBE_DOMAINS,
        ("de", "ar", "tr"),
        ("Caritas Migrationsdienst Hochfeld",),
        age_min=27,
        capacity=40,
        waiting_days=14,
        phone="0203-0000101",
        eligibility="Zugewanderte ab 27 Jahren.",
        internal_note="Team zu zwei Dritteln besetzt; Vertretung klären (Demo).",
        translations={
            "en": {
                "name": "Migration counselling for adults (MBE) – Caritas Hochfeld",
                "description": "Advice on residence, work, benefits, family and letters from "
                "authorities; we can come with you to appointments.",
            },
            "ar": {
                "name": "استشارات الهجرة للبالغين – كاريتاس هوخفيلد",
                "description": "استشارة حول الإقامة والعمل والمساعدات والأسرة ورسائل الدوائر "
                "الرسمية، ومرافقة إلى المواعيد عند الحاجة.",
            },
        },
    ),
    ServiceSpec(
        "Diakonisches Werk Duisburg",
        "Migrationsberatung für Erwachsene (MBE) – Diakonie Hochfeld",
        MBE_TEXT,
        MBE_DOMAINS,
        ("de", "ar", "tr"),
        ("Diakonie Beratungszentrum Hochfeld",),
        age_min=27,
        capacity=30,
        waiting_days=21,
        phone="0203-0000102",
        eligibility="Zugewanderte ab 27 Jahren.",
    ),
    ServiceSpec(
        "DRK Duisburg",
        "Migrationsberatung für Erwachsene (MBE) – DRK Rheinhausen",
        MBE_TEXT,
        MBE_DOMAINS,
        ("de", "ro", "bg", "ru"),
        ("DRK Migrationsberatung Rheinhausen",),
        age_min=27,
        capacity=35,
        waiting_days=10,
        phone="02065-000107",
        eligibility="Zugewanderte ab 27 Jahren.",
    ),
    ServiceSpec(
        "AWO-Integration Duisburg",
        "Familien- und Migrationsberatung – AWO Hamborn",
        "Beratung für Familien aus Südosteuropa: Kita und Schule, Leistungen, Wohnen, "
        "Behördenpost.",
        ("family", "education", "income", "housing", "orientation"),
        ("de", "ro", "bg", "tr"),
        ("AWO-Integration Hamborn",),
        target_groups=("eu_citizens", "families"),
        capacity=50,
        waiting_days=7,
        phone="0203-0000104",
    ),
    ServiceSpec(
        "Clearingstelle Krankenversicherung Duisburg",
        "Clearingstelle Krankenversicherung",
        "Klärung des Krankenversicherungsschutzes: Versicherung über Arbeit oder Familie, "
        "freiwillige Versicherung, Ansprüche aus dem Herkunftsland (S1, EHIC), Kosten.",
        ("health", "income"),
        ("de", "ro", "bg"),
        ("Clearingstelle Hamborn", "Clearingstelle Rheinhausen"),
        target_groups=("eu_citizens", "everyone"),
        capacity=60,
        waiting_days=5,
        phone="0203-0000105",
        eligibility="Menschen ohne oder mit ungeklärter Krankenversicherung.",
        translations={
            "ro": {
                "name": "Centrul de clarificare a asigurării de sănătate",
                "description": "Vă ajutăm să clarificați asigurarea de sănătate: prin muncă "
                "sau familie, asigurare voluntară, drepturi din țara de origine (S1, EHIC).",
            },
            "bg": {
                "name": "Център за изясняване на здравното осигуряване",
                "description": "Помагаме да изясните здравната си осигуровка: чрез работа или "
                "семейство, доброволно осигуряване, права от родината (S1, ЕЗОК).",
            },
        },
    ),
    ServiceSpec(
        "Malteser Migrantenmedizin Duisburg",
        "Malteser Migrantenmedizin",
        "Ärztliche Sprechstunde und Beratung für Menschen ohne Krankenversicherung, anonym "
        "und kostenlos; Hilfe beim Weg in die Versicherung.",
        ("health",),
        ("de", "en", "ar", "tr"),
        ("Malteser Migrantenmedizin Hochfeld",),
        capacity=80,
        waiting_days=0,
        phone="0203-0000103",
        eligibility="Menschen ohne Krankenversicherung oder mit Fragen zur Krankenversicherung.",
        translations={
            "en": {
                "name": "Malteser migrant medicine",
                "description": "Free and anonymous medical consultation and advice for people "
                "without health insurance, and help getting insured.",
            },
            "ar": {
                "name": "مالتيزر – الطب للمهاجرين",
                "description": "استشارة طبية مجانية ومن دون ذكر الاسم للأشخاص الذين ليس لديهم "
                "تأمين صحي، ومساعدة في الحصول على التأمين الصحي وأسئلة التأمين.",
            },
            "tr": {
                "name": "Malteser Göçmen Sağlığı",
                "description": "Sağlık sigortası olmayanlar için ücretsiz ve isimsiz muayene ve "
                "danışmanlık; sigortaya giriş için yardım.",
            },
        },
    ),
    ServiceSpec(
        "Diakoniewerk Duisburg",
        "Jugendmigrationsdienst (JMD)",
        "Begleitung junger Zugewanderter von 12 bis 27 Jahren: Schule, Sprachkurs, Ausbildung, "
        "Freizeit.",
        ("education", "language", "work", "participation"),
        ("de", "en", "ar", "prs", "uk"),
        ("Jugendmigrationsdienst Hamborn",),
        target_groups=("youths",),
        age_min=12,
        age_max=27,
        capacity=45,
        waiting_days=12,
    ),
    ServiceSpec(
        "Lernbrücke e. V.",
        "Lernräume für Kinder von 6 bis 12",
        "Hausaufgabenhilfe und Lernen in kleinen Gruppen, von Eltern aus den Communities "
        "mitgetragen.",
        ("education",),
        ("de", "ar", "tr", "ro", "bg"),
        ("Lernraum Hochfeld", "Lernraum Hamborn"),
        target_groups=("children",),
        age_min=6,
        age_max=12,
        capacity=60,
        waiting_days=30,
    ),
    ServiceSpec(
        "Jugendamt Duisburg",
        "Sport und Kultur für Jugendliche",
        "Offene Angebote am Abend und am Samstag: Fußball, Tanz, Theater, Musik.",
        ("participation",),
        ("de", "tr", "ar"),
        ("Jugendzentrum Rheinhausen",),
        target_groups=("youths",),
        age_min=12,
        age_max=27,
    ),
    ServiceSpec(
        "Agentur für Arbeit Duisburg",
        "Ausbildungslotsen – mit IHK und Kreishandwerkerschaft",
        "Hilfe bei der Suche nach einem Ausbildungsplatz, Bewerbung und Anerkennung von "
        "Abschlüssen, gemeinsam mit IHK und Kreishandwerkerschaft.",
        ("work", "education"),
        ("de", "en", "ar", "tr", "uk"),
        ("Berufsinformationszentrum Duisburg",),
        target_groups=("youths",),
        age_min=15,
        age_max=27,
        capacity=100,
        waiting_days=14,
    ),
    ServiceSpec(
        "Stadtbibliothek Duisburg",
        "Begleitung in der Bibliothek",
        "Ehrenamtliche zeigen die Bibliothek, Sprachlernmedien und Lesecafés zum Deutschüben.",
        ("language", "participation"),
        ("de", "en", "ar", "uk", "ro"),
        ("Zentralbibliothek Duisburg",),
    ),
    ServiceSpec(
        "Caritasverband Duisburg",
        "Mehrsprachige Pflegeberatung für Seniorinnen und Senioren",
        "Beratung zu Pflege, Pflegegrad und Hilfen im Alltag, durch mehrsprachige Pflegekräfte.",
        ("health", "family"),
        ("de", "tr", "ru", "ar"),
        ("Caritas Migrationsdienst Hochfeld",),
        target_groups=("seniors",),
        age_min=60,
        capacity=20,
        waiting_days=20,
    ),
    ServiceSpec(
        "Der Paritätische – ZIUMA",
        "Integrationsagentur ZIUMA",
        "Treffpunkte, Elterncafés und Gruppen für Frauen; Orientierung in der Stadt.",
        ("participation", "orientation", "family"),
        ("de", "en", "ar", "ro", "bg", "tr"),
        ("ZIUMA Integrationsagentur",),
        target_groups=("women", "families"),
    ),
    ServiceSpec(
        "Kommunales Integrationszentrum Duisburg",
        "Einbürgerungskampagne: Informationsabende",
        "Wer kann sich einbürgern lassen, was braucht es? Informationsabende mit der "
        "Einbürgerungsbehörde.",
        ("residence",),
        ("de", "en", "ar", "tr", "uk"),
        ("Kommunales Integrationszentrum Duisburg",),
    ),
)


def _create(
    spec: ServiceSpec, organisations: dict[str, Organisation], sites: dict[str, Site]
) -> Service:
    fields: dict[str, Any] = {
        "name": spec.name,
        "description": spec.description,
        "life_domains": list(spec.life_domains),
        "languages": list(spec.languages),
        "target_groups": list(spec.target_groups),
        "age_min": spec.age_min,
        "age_max": spec.age_max,
        "capacity": spec.capacity,
        "waiting_days": spec.waiting_days,
        "phone": spec.phone,
        "eligibility": spec.eligibility,
        "internal_note": spec.internal_note,
        "translations": spec.translations,
    }
    return services.create_service(
        acting_user=None,
        organisation=organisations[spec.organisation],
        sites=[sites[name] for name in spec.sites],
        **fields,
    )


@transaction.atomic
def seed_demo_services(municipality: Municipality) -> int:
    """Create the demo offers of Duisburg; returns how many were made (0 if any exist)."""
    if (
        municipality.slug != "duisburg"
        or Service.objects.filter(municipality=municipality).exists()
    ):
        return 0
    organisations = {o.name: o for o in municipality.organisations.all()}
    sites = {s.name: s for s in municipality.sites.all()}
    for spec in DUISBURG_SERVICES:
        _create(spec, organisations, sites)
    return len(DUISBURG_SERVICES)
