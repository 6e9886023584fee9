"""Consent and referral across agencies in real Chromium, with axe-core on every page."""

import io

import pytest
from django.core.management import call_command
from PIL import Image

from lotse.accounts.models import User
from lotse.cases import services as case_services
from lotse.people import services as people_services
from lotse.tenancy.models import Municipality, Site
from tests.browser.test_pages import _sign_in, click_and_wait

pytestmark = pytest.mark.browser


@pytest.fixture
def family(transactional_db):
    call_command("seed-demo", households=0, stdout=io.StringIO())
    manager = User.objects.get(username="cm.hamborn")
    person = people_services.create_person(
        acting_user=manager,
        municipality=Municipality.objects.get(slug="duisburg"),
        given_name="Ion",
        family_name="Popescu",
        phone="0203 777 12",
    )
    case = case_services.open_case(
        acting_user=manager,
        owner=manager,
        site=Site.objects.get(name="Regionales Unterstützungszentrum Hamborn"),
        person=person,
    )
    return {"person": person, "case": case}


def _submit(page, button):
    click_and_wait(page, page.get_by_role("button", name=button))


def _sign_out(view):
    _submit(view.page, "Abmelden")


def _scan(tmp_path):
    path = tmp_path / "unterschrift.png"
    Image.new("RGB", (40, 20), "white").save(path, format="PNG")
    return path


def test_consent_referral_answer_and_withdrawal(family, browser_page, tmp_path):
    view = browser_page
    page = view.page
    _sign_in(view, "cm.hamborn")
    view.goto(f"/persons/{family['person'].pk}/")
    view.assert_accessible()

    click_and_wait(page, page.get_by_role("link", name="Einwilligung erfassen"))
    view.assert_accessible()
    page.get_by_label("Empfänger (Stelle)").select_option(label="Jobcenter Duisburg")
    page.get_by_label("Zweck").fill("Unterstützung bei der Suche nach Arbeit")
    page.get_by_role("checkbox", name="Arbeit und Einkommen").check()
    page.get_by_label("Form der Einwilligung").select_option("written")
    page.get_by_label("Scan des unterschriebenen Formulars").set_input_files(_scan(tmp_path))
    _submit(page, "Einwilligung speichern")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Einwilligung für Jobcenter Duisburg"
    )
    assert page.get_by_text("Gültig", exact=True).count() >= 1
    view.assert_accessible()

    page.get_by_label("Deutsch und").select_option("ar")
    _submit(page, "Formular zum Drucken anzeigen")
    arabic = page.locator('article[lang="ar"]')
    assert arabic.get_attribute("dir") == "rtl"
    assert "موافقة على نقل البيانات الشخصية" in arabic.inner_text()
    # Right to left really renders: the Arabic heading hugs the right edge of its column,
    # the German one the left edge of its own.
    edges = page.evaluate(
        """() => ['ar', 'de'].map(lang => {
            const column = document.querySelector(`article[lang="${lang}"]`);
            const heading = column.querySelector('h1');
            const range = document.createRange();
            range.selectNodeContents(heading);
            const text = range.getBoundingClientRect();
            const box = heading.getBoundingClientRect();
            return {direction: getComputedStyle(heading).direction,
                    left: text.left - box.left, right: box.right - text.right};
        })"""
    )
    assert edges[0]["direction"] == "rtl"
    assert edges[0]["right"] < 2 < edges[0]["left"]
    assert edges[1]["direction"] == "ltr"
    assert edges[1]["left"] < 2 < edges[1]["right"]
    view.assert_accessible()

    view.goto(f"/cases/{family['case'].pk}/")
    click_and_wait(page, page.get_by_role("link", name="An eine Stelle vermitteln"))
    view.assert_accessible()
    page.get_by_label("Aufnehmende Stelle").select_option(label="Jobcenter Duisburg")
    page.get_by_label("Anliegen an die Stelle").fill(
        "Kann Herr Popescu einen Sprachkurs mit Praktikum beginnen?"
    )
    page.get_by_role("checkbox", name="Arbeit und Einkommen").check()
    _submit(page, "Vermittlung senden")
    assert "Die Vermittlung wurde gesendet." in page.content()
    view.assert_accessible()
    _sign_out(view)

    _sign_in(view, "jobcenter.duisburg")
    assert "1 offene Vermittlung an Ihre Stelle." in page.content()
    click_and_wait(page, page.get_by_role("link", name="Vermittlungen öffnen"))
    view.assert_accessible()
    click_and_wait(page, page.get_by_role("link", name=family["case"].reference))
    assert page.get_by_role("heading", name="Ion Popescu").count() == 1
    assert "0203 777 12" in page.content()
    view.assert_accessible()
    _submit(page, "Annehmen")
    page.get_by_role("textbox", name="Termin").fill("14.01.2030 10:30")
    _submit(page, "Termin eintragen")
    assert "14.01.2030 10:30" in page.content()
    page.get_by_label("Kurze Rückmeldung an das Fallmanagement").fill("Kurs startet im Februar.")
    _submit(page, "Abgeschlossen")
    assert "Die Vermittlung ist jetzt: Abgeschlossen." in page.content()
    view.assert_accessible()
    _sign_out(view)

    _sign_in(view, "cm.hamborn")
    click_and_wait(page, page.get_by_role("link", name="Mitteilungen"))
    assert page.get_by_text("Jobcenter Duisburg hat auf die Vermittlung").count() == 3
    view.assert_accessible()
    click_and_wait(page, page.get_by_role("link", name="Abgeschlossen").first)
    assert "Kurs startet im Februar." in page.content()
    view.assert_accessible()

    view.goto(f"/persons/{family['person'].pk}/")
    click_and_wait(page, page.get_by_role("link", name="Jobcenter Duisburg"))
    page.get_by_label("Grund (optional)").fill("Möchte es nicht mehr")
    _submit(page, "Einwilligung widerrufen")
    assert "Die Einwilligung ist widerrufen." in page.content()
    view.assert_accessible()
    _sign_out(view)

    _sign_in(view, "jobcenter.duisburg")
    view.goto("/inbox/")
    click_and_wait(page, page.get_by_role("link", name=family["case"].reference))
    assert "Ion Popescu" not in page.content()
    assert "0203 777 12" not in page.content()
    assert "Die Daten der Person sind nicht mehr sichtbar." in page.content()
    view.assert_accessible()
