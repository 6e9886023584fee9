"""The service landscape in real Chromium: a newcomer finds help in Arabic on a phone; a
coordinator filters the gap analysis by district and downloads it. axe on every page."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from lotse.accounts.models import User
from lotse.cases import casework
from lotse.cases import services as case_services
from lotse.cases.casework import DomainAssessment
from lotse.core.catalogues import Language, LanguageLevel
from lotse.people import services as people_services
from lotse.tenancy import services as tenancy_services
from lotse.tenancy.enums import HoursKind
from lotse.tenancy.models import Municipality, Site
from tests.browser.test_pages import _sign_in, click_and_wait

pytestmark = pytest.mark.browser


@pytest.fixture
def landscape(transactional_db):
    call_command("seed-demo", households=0, stdout=io.StringIO())
    duisburg = Municipality.objects.get(slug="duisburg")
    # Whatever the weekday the test runs on, the migrant medicine is open today.
    malteser = Site.objects.get(name="Malteser Migrantenmedizin Hochfeld")
    today = timezone.localtime().weekday()
    tenancy_services.set_site_hours(
        acting_user=None,
        site=malteser,
        hours=[
            tenancy_services.HoursWindow(
                HoursKind.OFFICE_HOURS, today, dt.time(0, 0), dt.time(23, 59)
            )
        ],
    )
    # A Romanian-speaking household in Hochfeld with an urgent health need: the demo's gap.
    manager = User.objects.get(username="cm.hochfeld")
    household = people_services.create_household(
        acting_user=manager, municipality=duisburg, name="Familie Lungu", district="Hochfeld"
    )
    people_services.create_person(
        acting_user=manager,
        municipality=duisburg,
        household=household,
        given_name="Elena",
        family_name="Lungu",
        languages=[(Language.ROMANIAN, LanguageLevel.NATIVE)],
    )
    case = case_services.open_case(
        acting_user=manager, owner=manager, site=manager.membership.site, household=household
    )
    casework.record_assessment(
        acting_user=manager, case=case, items=[DomainAssessment("health", "urgent")]
    )
    return duisburg


def test_newcomer_finds_free_health_help_open_today_in_arabic(landscape, phone_page):
    view = phone_page
    page = view.page
    view.goto("/kommune/duisburg/angebote/")
    page.wait_for_url("**/angebote/de/")
    view.assert_accessible()

    # The language picker is on the first screen of a phone.
    arabic = page.get_by_role("link", name="العربية")
    assert arabic.is_visible()
    box = arabic.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= 740
    arabic.click()
    page.wait_for_url("**/angebote/ar/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    view.assert_accessible()

    page.get_by_label("أحتاج إلى مساعدة في").select_option(label="الصحة والتأمين الصحي")
    page.get_by_label("استشارة بلغتي").select_option(label="العربية")
    page.get_by_label("أوقات الدوام").select_option(label="مفتوح اليوم")
    page.get_by_role("button", name="عرض النتائج").click()
    page.wait_for_url("**/angebote/ar/?*")
    assert "domain=health" in page.url
    view.assert_accessible()

    result = page.get_by_role("listitem").filter(has_text="مالتيزر – الطب للمهاجرين")
    assert result.count() == 1
    assert "مجاني" in result.inner_text()
    assert "مفتوح" in result.inner_text()
    # The Clearingstelle offers no Arabic: it is not in the list.
    assert page.get_by_text("Clearingstelle").count() == 0

    result.get_by_role("link").first.click()
    # The page the link leads to, not the list still shown while it loads.
    page.get_by_role("heading", level=1, name="مالتيزر – الطب للمهاجرين").wait_for()
    assert page.get_by_role("heading", level=1).inner_text() == "مالتيزر – الطب للمهاجرين"
    assert "Heerstraße 55" in page.content()
    assert page.locator("html").get_attribute("dir") == "rtl"
    view.assert_accessible()
    # Nothing was stored in the browser.
    assert view.context.cookies() == []


def test_coordinator_filters_the_gap_analysis_and_downloads_it(landscape, browser_page):
    view = browser_page
    page = view.page
    _sign_in(view, "koordination.duisburg")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Lücken und Doppelstrukturen"
    ).click()
    page.wait_for_url("**/landscape/")
    view.assert_accessible()

    page.get_by_label("Stadtteil", exact=False).and_(page.locator("select")).select_option(
        "Hochfeld"
    )
    page.get_by_role("button", name="Filter anwenden").click()
    page.wait_for_url("**/landscape/?*district=Hochfeld*")
    view.assert_accessible()
    heat = page.locator("table.lotse-heat")
    assert heat.locator("th").filter(has_text="Hochfeld").count() == 1
    # One case with a health need, two health offers in Hochfeld (neither in Romanian).
    health = heat.locator("tr").filter(has_text="Gesundheit und Krankenversicherung")
    assert health.locator("td").first.inner_text().strip() == "1 / 2"

    with page.expect_download() as info:
        page.get_by_role("link", name="Lücken als Excel (XLSX)").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(download.path().read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Art der Lücke", "Handlungsfeld", "Stadtteil", "Erstsprache")
    assert (
        "Kein Angebot in Reichweite",
        "Gesundheit und Krankenversicherung",
        "Hochfeld",
        "Rumänisch",
        1,
    ) in [row[:5] for row in rows[1:]]
    assert {row[2] for row in rows[1:]} == {"Hochfeld"}

    with page.expect_download() as info:
        page.get_by_role("link", name="Doppelstrukturen als Excel (XLSX)").click()
    overlaps_file = io.BytesIO(info.value.path().read_bytes())
    overlaps = list(load_workbook(overlaps_file).active.iter_rows(values_only=True))
    assert overlaps[1][0] == "Hochfeld"
    assert overlaps[1][1] == (
        "Migrationsberatung für Erwachsene (MBE) – Caritas Hochfeld | "
        "Migrationsberatung für Erwachsene (MBE) – Diakonie Hochfeld"
    )


def test_partner_keeps_an_offer_and_a_coordinator_sees_import_errors(
    landscape, browser_page, tmp_path
):
    view = browser_page
    page = view.page
    _sign_in(view, "awo.duisburg")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Angebote"
    ).click()
    page.wait_for_url("**/services/")
    view.assert_accessible()
    # Partner staff may open only their own organisation's offer.
    assert (
        page.get_by_role("link", name="Familien- und Migrationsberatung – AWO Hamborn").count() == 1
    )
    assert page.get_by_role("link", name="Malteser Migrantenmedizin").count() == 0
    page.get_by_role("link", name="Familien- und Migrationsberatung – AWO Hamborn").click()
    page.wait_for_url("**/services/*/")
    view.assert_accessible()
    page.get_by_label("Aktuelle Wartezeit in Tagen").fill("3")
    page.get_by_label("Name auf Arabisch").fill("استشارة العائلات")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_url("**/services/")
    assert "Die Änderungen wurden gespeichert." in page.content()
    view.assert_accessible()
    click_and_wait(page, page.get_by_role("button", name="Abmelden"))

    _sign_in(view, "koordination.duisburg")
    view.goto("/services/import/")
    view.assert_accessible()
    bad = tmp_path / "angebote.csv"
    bad.write_text(
        "organisation;name;description;life_domains\n"
        "AWO-Integration Duisburg;Neu;Beratung;zauberei\n",
        encoding="utf-8",
    )
    page.get_by_label("Datei (CSV oder XLSX, höchstens 5 MB)").set_input_files(str(bad))
    page.get_by_role("button", name="Prüfen und importieren").click()
    page.get_by_text("Es wurde nichts importiert").first.wait_for()  # the answer, once loaded
    assert "Es wurde nichts importiert" in page.content()
    errors = page.locator("#import-errors tbody tr")
    assert errors.count() == 1
    assert errors.first.inner_text().split("\t")[:2] == ["2", "life_domains"]
    view.assert_accessible()
