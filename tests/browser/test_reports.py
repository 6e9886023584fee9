"""The dashboard in real Chromium: the centre lead filters to Hochfeld, looks at a chart
and downloads the table as Excel, which the test opens. axe on every page."""

import io
import json

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from lotse.cases.models import Case
from tests.browser.test_pages import _sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_cases(transactional_db):
    call_command("seed-demo", households=30, stdout=io.StringIO())


def test_centre_lead_filters_the_dashboard_to_hochfeld_and_downloads_xlsx(demo_cases, browser_page):
    view = browser_page
    page = view.page
    _sign_in(view, "leitung.duisburg")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Kennzahlen", exact=True
    ).click()
    page.wait_for_url("**/reports/dashboard/")
    view.assert_accessible()

    hochfeld = "Regionales Unterstützungszentrum Hochfeld"
    page.get_by_label("Von").fill("2022-01-01")
    page.get_by_label("Standort").select_option(label=hochfeld)
    page.get_by_role("button", name="Filter anwenden").click()
    page.wait_for_url("**/reports/dashboard/?*site=*")
    view.assert_accessible()

    section = page.locator("section").filter(
        has=page.get_by_role("heading", name="Fälle: neu, abgeschlossen und offen am Ende")
    )
    chart = section.locator("figure svg")
    assert chart.count() == 1
    assert chart.first.is_visible()
    table = section.get_by_role("table")
    # Only Hochfeld's row and the total: the filter holds.
    assert table.locator("tbody tr").count() == 2
    assert hochfeld in table.inner_text()
    open_cases = Case.objects.filter(site__name=hochfeld, closed_on__isnull=True).count()
    assert open_cases > 0

    with page.expect_download() as info:
        section.get_by_role("link", name="als Excel (XLSX)").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(download.path().read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Standort", "neu", "abgeschlossen", "offen am Ende")
    assert rows[1][0] == hochfeld
    assert rows[-1][0] == "Gesamt"
    assert rows[-1][3] == open_cases


def test_coordinator_reads_the_funding_report_and_downloads_the_state_file(
    demo_cases, browser_page
):
    view = browser_page
    page = view.page
    _sign_in(view, "koordination.duisburg")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Förderung", exact=True
    ).click()
    page.wait_for_url("**/reports/funding/")
    view.assert_accessible()
    # Duisburg's demo funding: 14 positions × 55,000 EUR a year.
    assert "770000,00 EUR pro Jahr" in page.get_by_role("status").inner_text()
    page.get_by_role("link", name="Druckfassung").click()
    page.wait_for_url("**/reports/funding/print/*")
    view.assert_accessible()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Verwendungsnachweis")

    view.goto("/reports/state-file/")
    view.assert_accessible()
    page.get_by_label("Zeitraum").fill("2026-Q5")
    page.get_by_role("button", name="Datei herunterladen").click()
    page.wait_for_url("**/reports/state-file/?*")
    assert page.get_by_label("Zeitraum").get_attribute("aria-invalid") == "true"
    view.assert_accessible()
    page.get_by_label("Zeitraum").fill("2026-Q1")
    with page.expect_download() as info:
        page.get_by_role("button", name="Datei herunterladen").click()
    report = json.loads(info.value.path().read_text(encoding="utf-8"))
    assert (report["kind"], report["period"]["label"]) == ("municipality", "2026-Q1")
    assert "Duisburg" not in json.dumps(report["tables"])
