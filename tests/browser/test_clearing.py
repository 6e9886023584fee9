"""The clearing counsellor's way through a clearing case in real Chromium, with axe-core on
every page. Selectors use field ids and form addresses, not wording, so that they hold
before and after the German catalogue has the clearing strings."""

import io

import pytest
from django.core.management import call_command

from lotse.accounts.models import User
from lotse.clearing.models import ClearingCase
from lotse.people import services as people_services
from lotse.tenancy.models import Municipality
from tests.browser.test_pages import _sign_in, click_and_wait

pytestmark = pytest.mark.browser


@pytest.fixture
def person(transactional_db):
    call_command("seed-demo", households=0, stdout=io.StringIO())
    return people_services.create_person(
        acting_user=User.objects.get(username="clearing.duisburg"),
        municipality=Municipality.objects.get(slug="duisburg"),
        given_name="Mirela",
        family_name="Văduva",
        nationality="RO",
    )


def _submit(page, form):
    click_and_wait(page, page.locator(f"{form} button[type=submit]"))


def test_clearing_counsellor_opens_steps_and_closes_a_case(person, browser_page):
    view = browser_page
    page = view.page
    _sign_in(view, "clearing.duisburg")
    view.assert_accessible()
    view.goto(f"/persons/{person.pk}/")
    view.assert_accessible()
    click_and_wait(page, page.locator(f"a[href='/clearing/new/?person={person.pk}']"))
    view.assert_accessible()

    # Nothing chosen: the error is tied to its field and nothing is saved.
    _submit(page, "form.lotse-form")
    assert page.locator("#open_status_at_start_error").is_visible()
    assert page.locator("#open_status_at_start").get_attribute("aria-describedby")
    view.assert_accessible()
    page.locator("#open_status_at_start").select_option("not_insured")
    page.locator("#open_opened_on").fill("05.01.2026")
    _submit(page, "form.lotse-form")
    clearing = ClearingCase.objects.get(person=person)
    page.wait_for_url(f"**/clearing/{clearing.pk}/")
    view.assert_accessible()

    page.locator("#step_kind").select_option("family")
    page.locator("#step_taken_on").fill("07.01.2026")
    page.locator("#step_result").select_option("succeeded")
    _submit(page, f"form[action='/clearing/{clearing.pk}/steps/']")
    assert page.locator("table").filter(has_text="07.01.2026").count() == 1
    view.assert_accessible()

    page.locator("#close_status_at_end").select_option("insured_germany")
    page.locator("#close_closed_on").fill("20.01.2026")
    _submit(page, f"form[action='/clearing/{clearing.pk}/close/']")
    clearing.refresh_from_db()
    assert clearing.status_at_end == "insured_germany"
    assert page.locator("form[action$='/close/']").count() == 0
    view.assert_accessible()

    view.goto("/clearing/?state=closed")
    view.assert_accessible()
    view.goto("/clearing/statistics/?date_from=01.01.2026&date_to=30.04.2026")
    assert page.locator("svg.lotse-barlist__bar").count() > 0
    view.assert_accessible()
