import datetime as dt
import io

import pytest
from django.core.management import call_command

from lotse.tenancy.enums import HoursKind
from lotse.tenancy.models import Site
from lotse.tenancy.services import HoursWindow, set_site_hours

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db):
    call_command("seed-demo", households=0, stdout=io.StringIO())


def _sign_in(view, username):
    view.goto("/login/")
    view.page.get_by_label("Benutzername").fill(username)
    view.page.get_by_label("Passwort").fill("lotse-demo")
    view.page.get_by_role("button", name="Anmelden").click()
    view.page.wait_for_url("**/home/")


def click_and_wait(page, target):
    """Click ``target`` (a link or a form's button, a locator) and wait for the page it leads
    to: the new document loaded, not the old one still shown while the answer is on its
    way (a click returns once the navigation has begun)."""
    with page.expect_navigation():
        target.click()


def test_case_manager_signs_in_sees_home_and_switches_language(demo, browser_page):
    view = browser_page
    view.goto("/login/")
    assert view.page.locator("html").get_attribute("lang") == "de"
    view.assert_accessible()

    _sign_in(view, "cm.hamborn")
    assert view.page.get_by_role("heading", level=1).inner_text().startswith("Willkommen")
    assert view.page.get_by_text("Regionales Unterstützungszentrum Hamborn").count() >= 1
    view.assert_accessible()

    view.page.get_by_label("Sprache").select_option("en")
    click_and_wait(view.page, view.page.get_by_role("button", name="Sprache wechseln"))
    assert view.page.locator("html").get_attribute("lang") == "en"
    assert view.page.get_by_role("heading", level=1).inner_text().startswith("Welcome")
    view.assert_accessible()

    for link in ("Organisations", "Sites"):
        view.page.get_by_role("navigation").get_by_role("link", name=link).click()
        # The page the link leads to, not the one still shown while it loads.
        view.page.get_by_role("heading", level=1, name=link, exact=True).wait_for()
        assert view.page.get_by_role("heading", level=1).inner_text() == link
        view.assert_accessible()

    view.page.get_by_role("link", name="Regionales Unterstützungszentrum Hamborn").click()
    view.page.wait_for_url("**/sites/*/")
    address = view.page.get_by_text("Duisburger Straße 241")
    address.first.wait_for()
    assert address.count() >= 1
    view.assert_accessible()


def test_wrong_password_shows_an_accessible_error(demo, browser_page):
    view = browser_page
    view.goto("/login/")
    view.page.get_by_label("Benutzername").fill("cm.hamborn")
    view.page.get_by_label("Passwort").fill("falsch")
    view.page.get_by_role("button", name="Anmelden").click()
    alert = view.page.get_by_role("alert")
    assert "Passwort ist falsch" in alert.inner_text()
    view.assert_accessible()


def test_administrator_reads_the_audit_trail(demo, browser_page):
    view = browser_page
    _sign_in(view, "admin.duisburg")
    click_and_wait(
        view.page, view.page.get_by_role("navigation").get_by_role("link", name="Protokoll")
    )
    assert view.page.get_by_role("cell", name="Angemeldet").count() >= 1
    view.assert_accessible()


def test_public_office_hours_page(demo, browser_page):
    view = browser_page
    view.goto("/")
    view.assert_accessible()
    click_and_wait(view.page, view.page.get_by_role("link", name="Stadt Duisburg", exact=True))
    heading = view.page.get_by_role("heading", level=1).inner_text()
    assert heading == "Unterstützungszentren in Stadt Duisburg"
    content = view.page.content()
    assert "Brückenstraße 30" in content
    assert "Beethovenstraße 18a" in content
    view.assert_accessible()


def test_public_page_on_a_phone(demo, phone_page):
    view = phone_page
    view.goto("/kommune/duisburg/beratungsstellen/")
    width = view.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, "no horizontal scrolling on a phone"
    view.assert_accessible()


def test_unknown_municipality_page(demo, browser_page):
    view = browser_page
    response = view.goto("/kommune/atlantis/beratungsstellen/")
    assert response.status == 404
    assert "nicht bekannt" in view.page.get_by_role("alert").inner_text()
    view.assert_accessible()


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(demo, browser_page):
    view = browser_page
    view.goto("/login/")
    view.page.keyboard.press("Tab")
    focused = view.page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Zum Inhalt springen"
    view.page.keyboard.press("Enter")
    assert view.page.evaluate("document.activeElement.id") == "main"


def test_sign_in_works_with_the_keyboard_alone(demo, browser_page):
    view = browser_page
    view.goto("/login/")
    view.page.get_by_label("Benutzername").focus()
    view.page.keyboard.type("cm.hochfeld")
    view.page.keyboard.press("Tab")
    view.page.keyboard.type("lotse-demo")
    view.page.keyboard.press("Enter")
    view.page.wait_for_url("**/home/")
    assert "Hochfeld" in view.page.content()


def test_case_manager_registers_a_person_and_is_warned_of_a_duplicate(demo, browser_page):
    view = browser_page
    _sign_in(view, "cm.hamborn")
    view.page.get_by_role("navigation").get_by_role("link", name="Personen").click()
    view.page.wait_for_url("**/persons/")
    view.assert_accessible()
    view.page.get_by_role("link", name="Neue Person").click()
    view.page.wait_for_url("**/persons/new/")
    view.assert_accessible()
    form = view.page
    form.get_by_label("Vorname").fill("Ion")
    form.get_by_label("Familienname").fill("Popescu")
    form.get_by_label("Geburtsdatum").fill("1985")
    form.get_by_label("Staatsangehörigkeit").select_option("RO")
    form.get_by_label("Aufenthaltsstatus").select_option("eu_free_movement")
    click_and_wait(view.page, form.get_by_role("button", name="Speichern"))
    assert view.page.get_by_role("heading", level=1).inner_text() == "Ion Popescu"
    view.assert_accessible()

    view.page.goto(view.base_url + "/persons/new/")
    form.get_by_label("Vorname").fill("Ion")
    form.get_by_label("Familienname").fill("Popesku")
    form.get_by_label("Geburtsdatum").fill("1985")
    form.get_by_role("button", name="Speichern").click()
    view.page.get_by_text("vielleicht schon erfasst").first.wait_for()  # the answer, once loaded
    assert "vielleicht schon erfasst" in view.page.content()
    view.assert_accessible()


@pytest.fixture
def hamborn_open_all_day(demo):
    """Office hours at Hamborn around the clock, so the test runs "during office hours"."""
    site = Site.objects.get(name="Regionales Unterstützungszentrum Hamborn")
    windows = [
        HoursWindow(HoursKind.OFFICE_HOURS, day, dt.time(0, 0), dt.time(23, 59)) for day in range(7)
    ]
    set_site_hours(acting_user=None, site=site, hours=windows)


def _submit(page, button):
    click_and_wait(page, page.get_by_role("button", name=button))


def test_a_full_day_from_walk_in_to_closure(hamborn_open_all_day, browser_page):
    """Walk-in at Hamborn, a household of three generations, assessment, a plan with two
    goals, a contact, a follow-up, transfer to Hochfeld, closure; axe on every page."""
    view = browser_page
    page = view.page
    _sign_in(view, "cm.hamborn")
    view.assert_accessible()

    click_and_wait(
        page,
        page.get_by_role(
            "link", name="Zur Warteschlange in Regionales Unterstützungszentrum Hamborn"
        ),
    )
    assert page.get_by_text("Jetzt geöffnet").count() == 1
    view.assert_accessible()
    page.get_by_label("Vorname").fill("Rania")
    page.get_by_label("Familienname").fill("Haddad")
    _submit(page, "Ankunft erfassen")
    assert "1 Person wartet" in page.content()
    _submit(page, "Nächste Person aufrufen")
    assert "Bitte rufen Sie Rania Haddad auf" in page.content()
    view.assert_accessible()

    click_and_wait(page, page.get_by_role("link", name="Person anlegen"))
    view.assert_accessible()
    page.get_by_label("Geburtsdatum").fill("12.03.1984")
    page.get_by_label("Staatsangehörigkeit").select_option("SY")
    _submit(page, "Speichern")
    assert page.get_by_role("heading", level=1).inner_text() == "Rania Haddad"
    view.assert_accessible()

    click_and_wait(page, page.get_by_role("link", name="Haushalt für diese Person anlegen"))
    assert page.get_by_label("Name des Haushalts").input_value() == "Familie Haddad"
    view.assert_accessible()
    _submit(page, "Speichern")
    for given, birth in (("Samir", "1958"), ("Lina", "2022")):
        page.get_by_role("link", name="Mitglied hinzufügen").click()
        page.get_by_label("Vorname").fill(given)
        page.get_by_label("Familienname").fill("Haddad")
        page.get_by_label("Geburtsdatum").fill(birth)
        _submit(page, "Speichern")
        if "vielleicht schon erfasst" in page.content():
            view.assert_accessible()
            page.get_by_label("Keiner dieser Einträge: Es ist eine neue Person").check()
            _submit(page, "Speichern")
        click_and_wait(page, page.get_by_role("link", name="Familie Haddad"))
    for stage in ("Senior/in", "Erwerbsalter", "Kita-Alter"):
        assert page.get_by_role("cell", name=stage).count() == 1, stage
    view.assert_accessible()

    page.get_by_role("link", name="Fall für den Haushalt eröffnen").click()
    page.get_by_role("button", name="Fall eröffnen").wait_for()
    view.assert_accessible()
    _submit(page, "Fall eröffnen")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Fall DUI-")
    view.assert_accessible()
    page.get_by_label("Nächste Phase").select_option("assessment")
    _submit(page, "Phase ändern")

    click_and_wait(page, page.get_by_role("link", name="Situationsanalyse").first)
    view.assert_accessible()
    page.get_by_role("group", name="Sprache").get_by_label("Bedarf").select_option("urgent")
    page.get_by_role("group", name="Wohnen").get_by_label("Bedarf").select_option("some")
    _submit(page, "Einschätzung speichern")
    assert "Die Einschätzung wurde gespeichert." in page.content()
    view.assert_accessible()

    page.get_by_role("link", name="Zurück zum Fall").click()
    click_and_wait(page, page.get_by_role("link", name="Integrationsplan"))
    for domain, goal in (("language", "Deutschkurs B1 beginnen"), ("housing", "Eigene Wohnung")):
        page.get_by_label("Handlungsfeld").select_option(domain)
        page.get_by_label("Ziel", exact=True).fill(goal)
        page.get_by_label("Zieldatum").fill("01.06.2030")
        _submit(page, "Ziel hinzufügen")
    assert page.get_by_role("heading", name="Deutschkurs B1 beginnen").count() == 1
    assert page.get_by_role("heading", name="Eigene Wohnung").count() == 1
    view.assert_accessible()

    click_and_wait(page, page.get_by_role("link", name="Zurück zum Fall"))
    page.get_by_label("Dauer in Minuten").fill("40")
    page.get_by_role("checkbox", name="Sprache").check()
    page.locator("#contact_note").fill("Kursanmeldung besprochen")
    _submit(page, "Kontakt erfassen")
    page.get_by_label("Fällig am").fill("01.06.2030")
    page.get_by_label("Was zu tun ist").fill("Kursbeginn nachfragen")
    _submit(page, "Wiedervorlage setzen")
    content = page.content()
    assert "Kursanmeldung besprochen" in content
    assert "Kursbeginn nachfragen" in content
    view.assert_accessible()

    page.get_by_label("Neue Fallverantwortung").select_option(label="Demo Fallmanagement Hochfeld")
    page.get_by_label("Standort").select_option(label="Regionales Unterstützungszentrum Hochfeld")
    page.get_by_label("Übergabenotiz").fill("Bitte den Kita-Platz für Lina weiter verfolgen.")
    _submit(page, "Übergeben")
    assert "Bitte den Kita-Platz für Lina weiter verfolgen." in page.content()
    view.assert_accessible()

    page.get_by_label("Nächste Phase").select_option("closed")
    page.get_by_label("Grund für den Abschluss").select_option("handed_over")
    _submit(page, "Phase ändern")
    assert "An ein anderes Angebot übergeben" in page.content()
    view.assert_accessible()


def test_remaining_pages_are_accessible(demo, browser_page):
    """Pages no other browser test reaches: person edit, plan print view, structural issues."""
    from lotse.accounts.models import User  # noqa: PLC0415
    from lotse.cases import casework, services  # noqa: PLC0415
    from lotse.people import services as people_services  # noqa: PLC0415

    manager = User.objects.select_related("membership__site", "membership__municipality").get(
        username="cm.hamborn"
    )
    person = people_services.create_person(
        acting_user=manager,
        municipality=manager.membership.municipality,
        given_name="Olena",
        family_name="Koval",
        name_original="Олена Коваль",
    )
    case = services.open_case(
        acting_user=manager, owner=manager, site=manager.membership.site, person=person
    )
    goal = casework.add_goal(
        acting_user=manager,
        case=case,
        life_domain="language",
        description="Deutschkurs B1",
        target_date=dt.date(2030, 6, 1),
    )
    casework.add_measure(
        acting_user=manager, goal=goal, description="Anmeldung", responsible="person"
    )
    view = browser_page
    _sign_in(view, "cm.hamborn")
    for path in (
        f"/persons/{person.pk}/edit/",
        f"/cases/{case.pk}/plan/print/",
        "/structural-issues/",
    ):
        view.goto(path)
        view.assert_accessible()
    view.page.get_by_role("button", name="Abmelden").click()
    _sign_in(view, "koordination.duisburg")
    view.goto("/structural-issues/")
    view.page.get_by_role("textbox", name="Strukturelles Problem").fill(
        "Kein Kita-Platz im Stadtteil"
    )
    click_and_wait(view.page, view.page.get_by_role("button", name="Hinzufügen"))
    assert "Kein Kita-Platz im Stadtteil" in view.page.content()
    view.assert_accessible()
