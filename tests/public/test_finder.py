"""The public service finder: no login, no cookie, no personal data, no internal note; seven
languages with Arabic right to left; unknown filter values give an empty list, never a 500."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone, translation

import lotse.public
from lotse.accounts.enums import Role
from lotse.core.catalogues import Language, LifeDomain
from lotse.directory import services
from lotse.directory.enums import TargetGroup
from lotse.people import services as people_services
from lotse.tenancy import services as tenancy_services
from lotse.tenancy.enums import HoursKind
from tests.factories import OrganisationFactory, SiteFactory, make_user

pytestmark = pytest.mark.django_db

SECRET_NOTE = "Interne Notiz: Team unterbesetzt"
PERSON_NAME = "Zamfira Unverwechselbar"


def _open_today(site):
    today = timezone.localtime().weekday()
    tenancy_services.set_site_hours(
        acting_user=None,
        site=site,
        hours=[
            tenancy_services.HoursWindow(
                HoursKind.OFFICE_HOURS, today, dt.time(0, 0), dt.time(23, 59)
            )
        ],
    )


@pytest.fixture
def finder():
    coordinator = make_user(Role.COORDINATOR)
    municipality = coordinator.membership.municipality
    malteser = OrganisationFactory(municipality=municipality, name="Malteser")
    awo = OrganisationFactory(municipality=municipality, name="AWO")
    hochfeld = SiteFactory(organisation=malteser, district="Hochfeld", name="Malteser Hochfeld")
    hamborn = SiteFactory(organisation=awo, district="Hamborn", name="AWO Hamborn")
    _open_today(hochfeld)
    health = services.create_service(
        acting_user=coordinator,
        organisation=malteser,
        sites=[hochfeld],
        name="Migrantenmedizin",
        description="Sprechstunde ohne Krankenversicherung.",
        life_domains=["health"],
        languages=["de", "ar"],
        target_groups=["everyone"],
        internal_note=SECRET_NOTE,
        translations={"ar": {"name": "الطب للمهاجرين", "description": "استشارة مجانية"}},
    )
    youth = services.create_service(
        acting_user=coordinator,
        organisation=awo,
        sites=[hamborn],
        name="Jugendtreff",
        description="Sport und Kultur.",
        life_domains=["participation"],
        languages=["de", "tr"],
        target_groups=["youths"],
        age_min=12,
        age_max=27,
        cost="fee",
    )
    people_services.create_person(
        acting_user=coordinator,
        municipality=municipality,
        given_name="Zamfira",
        family_name="Unverwechselbar",
    )
    return {"municipality": municipality, "health": health, "youth": youth}


def _url(finder, lang="de", query=""):
    return f"/kommune/{finder['municipality'].slug}/angebote/{lang}/{query}"


def _names(response):
    return re.findall(
        r'class="kern-title kern-title--medium"><a class="kern-link" href="[^"]+">([^<]+)<',
        response.content.decode(),
    )


@pytest.mark.parametrize("lang", ["de", "en", "ar", "ro", "bg", "tr", "uk"])
def test_finder_works_in_every_language_without_a_cookie(finder, lang):
    client = Client()
    response = client.get(_url(finder, lang))
    assert response.status_code == 200
    assert not response.cookies, "the finder must not set a cookie"
    assert not client.cookies
    html = response.content.decode()
    assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}"' in html
    # The picker on the first screen offers every language, each in itself.
    for code, name in (("ar", "العربية"), ("ro", "Română"), ("uk", "Українська")):
        assert f'lang="{code}" hreflang="{code}"' in html
        assert name in html
    detail = client.get(_url(finder, lang, f"{finder['health'].pk}/"))
    assert detail.status_code == 200
    assert not detail.cookies


def test_finder_shows_no_personal_data_and_no_internal_note(finder):
    client = Client()
    pages = [client.get(_url(finder, lang)).content.decode() for lang in ("de", "ar")] + [
        client.get(_url(finder, "de", f"{finder['health'].pk}/")).content.decode()
    ]
    api = client.get(f"/api/v1/public/{finder['municipality'].slug}/services").content.decode()
    for text in (*pages, api):
        assert SECRET_NOTE not in text
        assert "Unverwechselbar" not in text
    assert "internal_note" not in api
    assert "capacity" not in api
    assert "Migrantenmedizin" in pages[0]


def test_finder_filters_and_shows_the_visitors_language(finder):
    client = Client()
    arabic = client.get(_url(finder, "ar", "?domain=health&language=ar&open=today"))
    assert _names(arabic) == ["الطب للمهاجرين"]
    assert "لا" not in "".join(_names(arabic))  # the German name is not shown instead
    assert _names(client.get(_url(finder, "de", "?age=15"))) == ["Jugendtreff", "Migrantenmedizin"]
    assert _names(client.get(_url(finder, "de", "?age=30&group=youths"))) == []
    assert _names(client.get(_url(finder, "de", "?district=Hamborn"))) == ["Jugendtreff"]
    assert _names(client.get(_url(finder, "de", "?q=sport"))) == ["Jugendtreff"]
    # German stands in where no translation exists.
    assert "Jugendtreff" in _names(client.get(_url(finder, "ar")))


@pytest.mark.parametrize(
    "query",
    [
        "?domain=zauberei",
        "?language=xx",
        "?district=Atlantis",
        "?age=abc",
        "?age=-1",
        "?group=martians",
        "?open=sometimes",
        "?domain=" + "x" * 5000,
        "?age=99999999999999999999",
    ],
)
def test_unknown_filter_values_give_an_empty_list(finder, query):
    response = Client().get(_url(finder, "de", query))
    assert response.status_code == 200
    assert _names(response) == []
    api = Client().get(f"/api/v1/public/{finder['municipality'].slug}/services{query}")
    assert api.status_code == 200
    assert api.json()["items"] == []


def test_expired_services_and_other_municipalities_stay_hidden(finder):
    coordinator = make_user(Role.COORDINATOR, finder["municipality"])
    services.update_service(
        acting_user=coordinator,
        service=finder["youth"],
        expected_version=finder["youth"].version,
        valid_until=timezone.localdate() - dt.timedelta(days=1),
        valid_from=None,
    )
    client = Client()
    assert _names(client.get(_url(finder))) == ["Migrantenmedizin"]
    assert client.get(_url(finder, "de", f"{finder['youth'].pk}/")).status_code == 404
    other = make_user(Role.COORDINATOR).membership.municipality
    assert (
        client.get(f"/kommune/{other.slug}/angebote/de/{finder['health'].pk}/").status_code == 404
    )
    assert client.get(_url(finder, "xx")).status_code == 404


def test_finder_start_follows_the_browser_language(finder):
    slug = finder["municipality"].slug
    response = Client().get(f"/kommune/{slug}/angebote/", HTTP_ACCEPT_LANGUAGE="ar-SY,ar;q=0.9")
    assert response.status_code == 302
    assert response["Location"] == f"/kommune/{slug}/angebote/ar/"
    fallback = Client().get(f"/kommune/{slug}/angebote/", HTTP_ACCEPT_LANGUAGE="ja")
    assert fallback["Location"] == f"/kommune/{slug}/angebote/de/"


def test_finder_query_count_does_not_grow_with_the_offers(finder, django_assert_num_queries):
    client = Client()
    client.get(_url(finder))  # warm up
    # municipality, matching ids, the page's services, their sites, hours; districts
    with django_assert_num_queries(6) as first:
        client.get(_url(finder))
    coordinator = make_user(Role.COORDINATOR, finder["municipality"])
    for number in range(3):
        site = SiteFactory(organisation=finder["health"].organisation, name=f"Zusatz {number}")
        _open_today(site)
        services.create_service(
            acting_user=coordinator,
            organisation=finder["health"].organisation,
            sites=[site],
            name=f"Angebot {number}",
            description="Test",
            life_domains=["work"],
        )
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(_url(finder))
    assert len(_names(response)) == 5


def _template_msgids():
    folder = Path(lotse.public.__file__).parent / "templates" / "public"
    names = ("finder_base.html", "finder.html", "finder_service.html")
    texts = "".join((folder / name).read_text() for name in names)
    single = set(re.findall(r'{% translate "([^"]+)"', texts))
    blocks = set(re.findall(r"{% blocktranslate[^%]*%}(.*?){% (?:endblocktranslate|plural)", texts))
    return {re.sub(r"{{ (\w+)[^}]* }}", r"%(\1)s", m) for m in single | blocks}


# Words that are the same in the target language.
SAME = {"%(opens)s–%(closes)s", "Cost", "Dari", "Romani", "Tigrinya"}
CATALOGUES = (*LifeDomain, *Language, *TargetGroup)


@pytest.mark.parametrize("lang", ["ar", "ro", "bg", "tr", "uk"])
def test_every_finder_text_is_translated(lang):
    msgids = _template_msgids()
    assert len(msgids) > 40
    with translation.override("en"):
        english = [str(c.label) for c in CATALOGUES]
    with translation.override(lang):
        untranslated = sorted(m for m in msgids if translation.gettext(m) == m and m not in SAME)
        labels = [str(c.label) for c in CATALOGUES]
    assert untranslated == []
    same_labels = [label for label, source in zip(labels, english, strict=True) if label == source]
    assert set(same_labels) <= SAME


def test_long_lists_come_in_pages_that_keep_the_filters(finder):
    coordinator = make_user(Role.COORDINATOR, finder["municipality"])
    for number in range(24):
        services.create_service(
            acting_user=coordinator,
            organisation=finder["health"].organisation,
            name=f"Arbeit {number:02d}",
            description="Test",
            life_domains=["work"],
        )
    client = Client()
    first = client.get(_url(finder, "de", "?domain=work"))
    assert len(_names(first)) == 20
    assert "24 Angebote" in first.content.decode()
    assert "?domain=work&amp;page=2" in first.content.decode()
    second = client.get(_url(finder, "de", "?domain=work&page=2"))
    assert _names(second) == [f"Arbeit {n}" for n in range(20, 24)]
    assert _names(client.get(_url(finder, "de", "?domain=work&page=abc"))) == _names(first)
