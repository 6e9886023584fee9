"""The dashboard in real Chromium: the centre lead filters to Hochfeld, looks at a chart
and downloads the table as Excel, which the test opens. axe on every page."""

import io

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
