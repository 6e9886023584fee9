"""The state reviewer in real Chromium: land.nrw uploads the state-report files of Duisburg
and Wuppertal (written by the command from the demo data) and sees the combined totals.
axe on every page."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from tests.browser.test_pages import _sign_in

pytestmark = pytest.mark.browser


def _quarter(day):
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


@pytest.fixture
def state_files(transactional_db, tmp_path):
    call_command("seed-demo", households=40, stdout=io.StringIO())
    period = _quarter(dt.date.today())  # noqa: DTZ011  (the demo's cases are recent)
    paths = []
    for slug in ("duisburg", "wuppertal"):
        path = tmp_path / f"{slug}.json"
        call_command("state-report", municipality=slug, period=period, output=str(path))
        paths.append(path)
    return period, paths


def test_state_reviewer_uploads_two_files_and_sees_combined_totals(state_files, browser_page):
    period, paths = state_files
    duisburg = json.loads(paths[0].read_text(encoding="utf-8"))
    persons = next(t for t in duisburg["tables"] if t["name"] == "persons_by_origin")
    assert persons["total"], "the demo data counsel enough persons to publish the total"

    view = browser_page
    _sign_in(view, "land.nrw")
    view.assert_accessible()
    # By address and id: the new wording works before and after its German translation.
    view.page.locator("nav a[href='/state/']").first.click()
    view.page.wait_for_url("**/state/")
    view.assert_accessible()

    view.goto("/state/upload/")
    view.assert_accessible()
    view.page.locator("#state-files").set_input_files([str(p) for p in paths])
    view.page.locator("main form button[type=submit]").click()
    view.page.wait_for_url(f"**/state/{period}/")
    body = view.page.locator("main").inner_text()
    assert "Stadt Duisburg" in body
    assert "Stadt Wuppertal" in body
    table = view.page.locator("section[aria-labelledby='state-persons_by_origin'] table")
    # Wuppertal's demo has no cases: the state total equals Duisburg's.
    assert str(persons["total"]) in table.inner_text()
    view.assert_accessible()

    view.goto("/state/")
    assert period in view.page.locator("main").inner_text()
    view.assert_accessible()
