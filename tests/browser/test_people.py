"""Knowing a person once, in real Chromium: the intake offers the person already known
when the name is typed in Cyrillic with a typo; an administrator imports a file and
watches its progress while a worker process runs the import; a coordinator confirms a pair
for a case manager to merge. axe on every page."""

import datetime as dt
import io
import os
import random
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.db import connection

from lotse.accounts.models import User
from lotse.people import imports
from lotse.people import services as people_services
from lotse.people.models import DuplicatePair, Person, PersonImport
from lotse.tenancy.models import Municipality
from tests.browser.test_pages import _sign_in

pytestmark = pytest.mark.browser
ROWS = 8000
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def duisburg(transactional_db):
    call_command("seed-demo", households=0, stdout=io.StringIO())
    return Municipality.objects.get(slug="duisburg")


def test_intake_offers_the_known_person_for_a_misspelt_cyrillic_name(duisburg, browser_page):
    manager = User.objects.get(username="cm.hamborn")
    known = people_services.create_person(
        acting_user=manager,
        municipality=duisburg,
        given_name="Oleksandr",
        family_name="Shevchenko",
        birth_date=dt.date(1979, 11, 4),
    )
    view = browser_page
    page = view.page
    _sign_in(view, "cm.hamborn")
    view.goto("/persons/new/")
    view.assert_accessible()
    page.get_by_label("Vorname").fill("Олександр")
    page.get_by_label("Familienname").fill("Шевчеико")  # Шевченко with a typo
    page.get_by_label("Geburtsdatum", exact=False).first.fill("04.11.1979")
    page.get_by_role("button", name="Speichern").click()
    warning = page.locator(".lotse-matches")
    warning.wait_for()
    assert "Oleksandr Shevchenko" in warning.inner_text()
    assert "ähnlicher Name, gleiches Geburtsdatum" in warning.inner_text()
    view.assert_accessible()
    assert Person.objects.count() == 1  # nothing created while the warning stands
    warning.get_by_role("link", name="Oleksandr Shevchenko").click()
    page.wait_for_url(f"**/persons/{known.pk}/")


def _start_worker(log):
    """`lotse db_worker` in a process of its own with the production settings, on the test
    database: it runs the queued import and stops (``--batch``)."""
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{database['NAME']}"
    else:
        url = (
            f"postgres://{quote(database['USER'])}:{quote(database['PASSWORD'] or '')}"
            f"@{database['HOST']}:{database['PORT']}/{database['NAME']}"
        )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lotse.settings",
        "DATABASE_URL": url,
        "SECRET_KEY": "browser-test-" + "x" * 50,
    }
    command = ["db_worker", "--batch", "--no-startup-delay", "--no-reload"]
    return subprocess.Popen(
        [sys.executable, "-m", "lotse", *command], cwd=ROOT, env=env, stdout=log, stderr=log
    )


def test_administrator_imports_a_file_and_watches_the_progress(
    duisburg, browser_page, settings, tmp_path
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # the queue
    rng = random.Random(5)  # noqa: S311  (test data)
    syllables = ["ka", "lo", "mi", "ra", "sen", "tu", "vi", "do", "ne", "pa", "gor", "li"]

    def name(parts):
        return "".join(rng.choice(syllables) for _ in range(parts)).capitalize()

    rows = [";".join(imports.COLUMNS)]
    rows += [
        f"altsystem;{n};{name(2)};{name(3)};;{rng.randint(1940, 2020)}-{rng.randint(1, 12):02d}-"
        f"{rng.randint(1, 28):02d};;RO;{name(2)}str. {rng.randint(1, 150)};47169;Duisburg;"
        for n in range(ROWS)
    ]
    path = tmp_path / "personen.csv"
    path.write_text("\n".join(rows), encoding="utf-8")
    view = browser_page
    page = view.page
    _sign_in(view, "admin.duisburg")
    page.get_by_role("link", name="Personen importieren").click()
    page.wait_for_url("**/persons/import/")
    view.assert_accessible()
    page.get_by_label("Datei (CSV oder XLSX)").set_input_files(str(path))
    page.get_by_role("button", name="Prüfen und importieren").click()
    page.wait_for_url("**/persons/import/*/")
    assert PersonImport.objects.get().status == "queued"
    # The first two questions for the progress meet a server that is away for a moment (a
    # restart behind the gateway): the script asks again and the bar goes on.
    failed = []

    def away_at_first(route):
        if len(failed) < 2:
            failed.append(route.request.url)
            route.fulfill(status=502, body="Bad Gateway")
        else:
            route.continue_()

    page.route("**/status/", away_at_first)
    log_path = tmp_path / "worker.log"
    with log_path.open("w") as log:
        worker = _start_worker(log)
    progress = page.locator("progress")
    progress.wait_for()
    view.assert_accessible()
    status = page.locator("#progress-text")
    # The script moves the bar: a step is named and the value grows while it runs.
    page.wait_for_function(
        "() => document.querySelector('progress') === null"
        " || Number(document.querySelector('progress').value) > 0",
        timeout=60_000,
    )
    if progress.count():
        assert "Schritt" in status.inner_text()
    success = page.get_by_text(f"Zeilen: {ROWS}.")
    try:
        success.wait_for(timeout=120_000)
        assert worker.wait(timeout=60) == 0, log_path.read_text()
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    view.assert_accessible()
    assert len(failed) == 2
    job = PersonImport.objects.get()
    assert job.status == "done"
    assert job.report["created"] + job.report["linked"] == ROWS
    assert Person.objects.filter(municipality=duisburg).count() == job.report["created"]


def _fatima_twice(duisburg):
    """Fatima Al-Hassan registered twice by a case manager, the second time as Fatma Alhasan
    with a phone number."""
    manager = User.objects.get(username="cm.hamborn")
    return [
        people_services.create_person(
            acting_user=manager,
            municipality=duisburg,
            given_name=given,
            family_name=family,
            birth_date=dt.date(1990, 3, 7),
            phone=phone,
        )
        for given, family, phone in (("Fatima", "Al-Hassan", ""), ("Fatma", "Alhasan", "0203 4711"))
    ]


def _compare_the_pair(view):
    """From the queue of one pair to its comparison, axe on both pages."""
    page = view.page
    page.get_by_text("1 Paar zu prüfen").wait_for()
    view.assert_accessible()
    page.get_by_role("link", name="Vergleichen").click()
    page.get_by_role("heading", name="Zwei Datensätze vergleichen").wait_for()
    view.assert_accessible()


def test_case_manager_finds_ranks_and_merges_a_duplicate(duisburg, browser_page):
    fatima, fatma = _fatima_twice(duisburg)
    view = browser_page
    page = view.page
    _sign_in(view, "cm.hamborn")
    view.goto("/persons/")
    page.get_by_label("Nach Namen suchen").fill("فاطمة الحسن")
    page.get_by_role("button", name="Suchen").click()
    results = page.locator("table", has_text="beste Übereinstimmung zuerst")
    results.wait_for()
    assert results.locator("tbody tr").count() == 2
    assert "gleicher Name in anderer Schreibweise" in results.inner_text()
    view.assert_accessible()
    page.get_by_role("link", name="Dubletten").click()
    page.get_by_role("button", name="Jetzt nach Dubletten suchen").click()
    _compare_the_pair(view)
    keep = page.get_by_role("group", name="Zu behaltender Datensatz")
    first_is_fatima = "Fatima" in page.locator("tbody tr").first.inner_text().split("\t")[1]
    keep.get_by_label("Datensatz A" if first_is_fatima else "Datensatz B").check()
    phone = page.get_by_role("group", name="Wert behalten für: Telefon")
    phone.get_by_label("Datensatz B" if first_is_fatima else "Datensatz A").check()
    page.get_by_role("button", name="Zu einer Person zusammenführen").click()
    page.wait_for_url(f"**/persons/{fatima.pk}/")
    assert Person.objects.get().phone == "0203 4711"
    assert not Person.objects.filter(pk=fatma.pk).exists()


def test_coordinator_confirms_a_pair_for_a_case_manager_to_merge(duisburg, browser_page):
    """A coordinator checks a pair found by the bulk detection and confirms it as one
    person; the queue then shows it waiting for a case manager to merge it."""
    _fatima_twice(duisburg)
    people_services.detect_duplicates(
        acting_user=User.objects.get(username="cm.hamborn"), municipality=duisburg
    )
    view = browser_page
    page = view.page
    _sign_in(view, "koordination.duisburg")
    page.get_by_role("link", name="Dubletten").click()
    _compare_the_pair(view)
    # Coordinators do not merge: only the decision is theirs.
    assert page.get_by_role("button", name="Zu einer Person zusammenführen").count() == 0
    page.get_by_role("button", name="Dieselbe Person", exact=True).click()
    page.get_by_text("Vermerkt: dieselbe Person.").wait_for()
    view.assert_accessible()
    assert "Dieselbe Person, zusammenzuführen" in page.locator("table").inner_text()
    assert DuplicatePair.objects.get().status == "confirmed"
    assert Person.objects.count() == 2
