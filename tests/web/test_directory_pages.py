"""Staff pages of the directory and the analysis: who may do what, what a form refuses,
filters in the address, downloads people can open in Excel, query counts."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from lotse.accounts.enums import Role
from lotse.audit.events import EventType
from lotse.audit.models import AuditEvent
from lotse.directory import services
from lotse.directory.models import Service
from tests.factories import OrganisationFactory, SiteFactory, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def world():
    coordinator = make_user(Role.COORDINATOR)
    municipality = coordinator.membership.municipality
    awo = OrganisationFactory(municipality=municipality, name="AWO")
    caritas = OrganisationFactory(municipality=municipality, name="Caritas")
    site = SiteFactory(organisation=awo, name="AWO Hamborn", district="Hamborn")
    return {
        "coordinator": coordinator,
        "municipality": municipality,
        "awo": awo,
        "caritas": caritas,
        "site": site,
        "partner": make_user(Role.PARTNER_STAFF, municipality, organisation=awo),
        "lead": make_user(Role.CENTRE_LEAD, municipality),
        "manager": make_user(Role.CASE_MANAGER, municipality),
    }


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _offer(world, organisation="awo", name="Familienberatung", **extra):
    return services.create_service(
        acting_user=world["coordinator"],
        organisation=world[organisation],
        sites=[world["site"]],
        name=name,
        description="Beratung",
        life_domains=["family"],
        languages=["de", "ro"],
        **extra,
    )


def _form(world, **changes):
    data = {
        "version": "0",
        "organisation": str(world["awo"].pk),
        "name": "Lernraum",
        "description": "Hausaufgabenhilfe",
        "life_domains": ["education"],
        "languages": ["de", "ar"],
        "target_groups": ["children"],
        "age_min": "6",
        "age_max": "12",
        "sites": [str(world["site"].pk)],
        "cost": "free",
        "name_ar": "غرفة التعلم",
    }
    data.update(changes)
    return data


def test_partner_adds_a_service_for_their_own_organisation_only(world):
    client = _client(world["partner"])
    response = client.post("/services/new/", _form(world))
    assert response.status_code == 302
    service = Service.objects.get(name="Lernraum")
    assert service.organisation == world["awo"]
    assert service.translations == {"ar": {"name": "غرفة التعلم", "description": ""}}
    assert AuditEvent.objects.filter(event_type=EventType.SERVICE_CREATED).count() == 1

    foreign = client.post("/services/new/", _form(world, organisation=str(world["caritas"].pk)))
    assert foreign.status_code == 200
    assert "Select a valid choice" in foreign.content.decode()
    assert Service.objects.count() == 1


def test_bad_input_keeps_what_was_typed_and_names_the_fields(world):
    client = _client(world["coordinator"])
    response = client.post(
        "/services/new/",
        _form(world, age_min="30", age_max="12", life_domains=[]),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in html  # no life domain
    assert 'value="Hausaufgabenhilfe"' in html or "Hausaufgabenhilfe</textarea>" in html
    assert Service.objects.count() == 0
    reversed_ages = client.post("/services/new/", _form(world, age_min="30"))
    assert "The upper age lies below the lower age." in reversed_ages.content.decode()


def test_edit_keeps_versions_and_refuses_other_organisations(world):
    own = _offer(world)
    foreign = _offer(world, organisation="caritas", name="MBE")
    partner = _client(world["partner"])
    assert partner.get(f"/services/{foreign.pk}/").status_code == 403
    data = _form(world, version=str(own.version), name="Familienberatung neu")
    assert partner.post(f"/services/{own.pk}/", data).status_code == 302
    own.refresh_from_db()
    assert (own.name, own.version) == ("Familienberatung neu", 2)
    stale = partner.post(f"/services/{own.pk}/", data)  # the old version once more
    assert stale.status_code == 409
    assert "Someone else saved this service" in stale.content.decode()


def test_case_manager_reads_the_directory_but_changes_nothing(world):
    offer = _offer(world)
    client = _client(world["manager"])
    page = client.get("/services/")
    assert page.status_code == 200
    assert "Familienberatung" in page.content.decode()
    assert client.get("/services/new/").status_code == 403
    assert client.get(f"/services/{offer.pk}/").status_code == 403
    assert client.get("/services/import/").status_code == 403
    assert client.get("/landscape/").status_code == 403


@pytest.mark.parametrize("rows", [1, 3])
def test_service_list_query_count(world, rows, django_assert_num_queries):
    for number in range(rows):
        _offer(world, name=f"Angebot {number}")
    client = _client(world["coordinator"])
    client.get("/services/")
    # session and user with membership (2), unread notifications (1), the session's
    # refreshed expiry (3: savepoint, update, release); services and their sites (2)
    with django_assert_num_queries(8):
        response = client.get("/services/")
    assert response.content.decode().count("/services/") >= rows


def test_import_page_reports_row_errors_and_imports_nothing(world):
    client = _client(world["coordinator"])
    content = (
        b"organisation;name;description;life_domains\r\n"
        b"AWO;Gut;Beratung;family\r\n"
        b"AWO;Schlecht;Beratung;zauberei\r\n"
    )
    response = client.post(
        "/services/import/", {"file": SimpleUploadedFile("a.csv", content, content_type="text/csv")}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Nothing has been imported" in html
    assert (
        '<td class="kern-table__cell">3</td><td class="kern-table__cell">life_domains</td>' in html
    )
    assert Service.objects.count() == 0
    empty = client.post("/services/import/", {})
    assert empty.status_code == 400
    assert "Choose a CSV or XLSX file." in empty.content.decode()


def test_analysis_keeps_filters_in_the_address_and_downloads_the_same_rows(world):
    _offer(world)
    _offer(world, organisation="caritas", name="Zweite Familienberatung")
    client = _client(world["lead"])
    page = client.get("/landscape/?district=Hamborn&life_domain=family")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="district"' in html
    assert '<option value="Hamborn" selected>' in html
    assert "1 overlap" in html
    assert "/landscape/overlaps.xlsx?district=Hamborn&amp;life_domain=family" in html
    download = client.get("/landscape/overlaps.xlsx?district=Hamborn&life_domain=family")
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(download.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "District"
    assert rows[1][0] == "Hamborn"
    assert rows[1][1] == "Familienberatung | Zweite Familienberatung"
    events = AuditEvent.objects.filter(municipality=world["municipality"])
    assert events.filter(event_type=EventType.LANDSCAPE_VIEWED).count() == 1
    assert events.filter(event_type=EventType.LANDSCAPE_EXPORTED).count() == 1


def test_analysis_refuses_bad_filters_with_a_message(world):
    client = _client(world["coordinator"])
    response = client.get("/landscape/?since=2026-05-01&until=2026-01-01&district=Atlantis")
    html = response.content.decode()
    assert response.status_code == 400
    assert "The end lies before the start." in html
    assert "Select a valid choice" in html
    assert client.get("/landscape/gaps.ods").status_code == 404
    assert client.get("/landscape/secrets.csv").status_code == 404
