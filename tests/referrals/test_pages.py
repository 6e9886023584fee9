"""Consent and referral pages: recording with a checked scan, the printed form, the
referral form's consent check, and the answers of the receiving organisation."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.utils import timezone
from openpyxl import load_workbook

from lotse.audit.events import EventType
from lotse.audit.models import AuditEvent
from lotse.consents.models import Consent
from lotse.notifications.models import Notification
from lotse.people import services as people_services
from lotse.referrals import services
from lotse.referrals.enums import ReferralStatus
from lotse.referrals.models import Referral
from tests.factories import OrganisationFactory, png_bytes

pytestmark = pytest.mark.django_db


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _refer(world, question="?"):
    return services.create_referral(
        acting_user=world["manager"],
        case=world["case"],
        persons=[world["ion"]],
        organisation=world["jobcenter"],
        question=question,
        categories=["identity"],
    )


def _consent_post(world, **extra):
    data = {
        "organisation": str(world["jobcenter"].pk),
        "purpose": "Unterstützung bei der Arbeitssuche",
        "categories": ["identity", "work"],
        "medium": "written",
        "given_by": "person",
        "given_on": timezone.localdate().strftime("%d.%m.%Y"),
    }
    data.update(extra)
    return _client(world["manager"]).post(f"/persons/{world['ion'].pk}/consents/new/", data)


@pytest.mark.parametrize(
    ("name", "content", "stored_as"),
    [("scan.png", png_bytes(), "image/png"), ("scan.pdf", PDF, "application/pdf")],
)
def test_consent_with_a_real_scan_is_stored_and_opened_with_an_audit_entry(
    world, name, content, stored_as
):
    response = _consent_post(world, scan=SimpleUploadedFile(name, content))
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert consent.scan_type == stored_as
    assert name not in consent.scan.name  # the file name may carry the person's name
    opened = _client(world["manager"]).get(f"/consents/{consent.pk}/scan/")
    assert opened.status_code == 200
    assert opened["Content-Type"] == stored_as
    assert opened.content == content
    assert AuditEvent.objects.filter(event_type=EventType.CONSENT_SCAN_VIEWED).count() == 1


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("scan.pdf", b"MZ\x90\x00 not a pdf at all"),
        ("scan.png", b"\x89PNG\r\n\x1a\n" + b"broken"),
        ("scan.jpg", b"<script>alert(1)</script>"),
        ("scan.pdf", b"%PDF-1.4 but cut off without its end"),
    ],
)
def test_a_scan_that_is_not_a_pdf_or_image_is_refused_and_nothing_saved(world, name, content):
    response = _consent_post(world, scan=SimpleUploadedFile(name, content))
    assert response.status_code == 400
    assert "nur eine PDF-, PNG- oder JPEG-Datei" in response.content.decode()
    assert not Consent.objects.exists()


@override_settings(LOTSE_MAX_SCAN_BYTES=1024)
def test_a_scan_above_the_size_limit_is_refused(world):
    big = PDF[:-6] + b" " * 2048 + b"%%EOF\n"
    response = _consent_post(world, scan=SimpleUploadedFile("scan.pdf", big))
    assert response.status_code == 400
    assert "größer als" in response.content.decode()
    assert not Consent.objects.exists()


def test_consent_ending_before_it_was_given_is_refused(world):
    response = _consent_post(
        world,
        given_on="10.11.2026",
        valid_until="01.11.2026",
    )
    assert response.status_code == 400
    assert "Die Einwilligung kann nicht enden, bevor sie erteilt wurde." in (
        response.content.decode()
    )
    assert not Consent.objects.exists()


def test_child_under_16_needs_a_parent(world):
    child = people_services.create_person(
        acting_user=world["manager"],
        municipality=world["municipality"],
        given_name="Ana",
        family_name="Popescu",
        birth_date=timezone.localdate().replace(year=timezone.localdate().year - 8),
    )
    data = {
        "organisation": str(world["jobcenter"].pk),
        "purpose": "Schule",
        "categories": ["identity"],
        "medium": "written",
        "given_by": "person",
        "given_on": timezone.localdate().strftime("%d.%m.%Y"),
    }
    client = _client(world["manager"])
    refused = client.post(f"/persons/{child.pk}/consents/new/", data)
    assert refused.status_code == 400
    assert "unter 16" in refused.content.decode()
    accepted = client.post(
        f"/persons/{child.pk}/consents/new/",
        {**data, "given_by": "parent", "given_by_name": "Maria Popescu"},
    )
    assert accepted.status_code == 302


def test_printed_form_in_arabic_runs_right_to_left_and_is_audited(world, consent_for):
    consent = consent_for()
    response = _client(world["manager"]).get(f"/consents/{consent.pk}/form/?language=ar")
    page = response.content.decode()
    assert 'lang="ar" dir="rtl"' in page
    assert 'lang="de" dir="ltr"' in page
    assert "موافقة على نقل البيانات الشخصية" in page
    assert "Einwilligung in die Weitergabe personenbezogener Daten" in page
    assert "العمل والدخل" in page  # the category "work" in Arabic
    event = AuditEvent.objects.get(event_type=EventType.CONSENT_FORM_PRINTED)
    assert event.context == {"language": "ar"}


@pytest.mark.parametrize("language", ["en", "ro", "bg", "ar", "tr", "uk", "fa"])
def test_the_form_exists_in_every_language(world, consent_for, language):
    consent = consent_for()
    page = _client(world["manager"]).get(f"/consents/{consent.pk}/form/?language={language}")
    text = page.content.decode()
    assert f'lang="{language}"' in text
    if language != "en":
        assert "Consent to share personal data" not in text


def test_unknown_form_language_falls_back_to_english(world, consent_for):
    consent = consent_for()
    page = _client(world["manager"]).get(f"/consents/{consent.pk}/form/?language=xx")
    assert "Consent to share personal data" in page.content.decode()


def test_referral_form_names_the_missing_consent(world):
    client = _client(world["manager"])
    response = client.post(
        f"/cases/{world['case'].pk}/referrals/new/",
        {
            "persons": [str(world["ion"].pk)],
            "organisation": str(world["jobcenter"].pk),
            "question": "Maßnahme?",
            "urgency": "normal",
            "categories": ["identity", "work"],
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Für Ion Popescu fehlt eine gültige Einwilligung gegenüber Jobcenter" in page
    assert f"/persons/{world['ion'].pk}/consents/new/" in page
    assert not Referral.objects.exists()


def test_referral_to_another_municipalitys_organisation_is_refused(world, consent_for):
    consent_for()
    foreign = OrganisationFactory()
    response = _client(world["manager"]).post(
        f"/cases/{world['case'].pk}/referrals/new/",
        {
            "persons": [str(world["ion"].pk)],
            "organisation": str(foreign.pk),
            "question": "?",
            "urgency": "normal",
            "categories": ["identity"],
        },
    )
    assert response.status_code == 400
    assert not Referral.objects.exists()


def test_the_override_field_is_offered_only_with_the_permission(world):
    url = f"/cases/{world['case'].pk}/referrals/new/"
    assert "override_reason" not in _client(world["manager"]).get(url).content.decode()
    membership = world["manager"].membership
    membership.may_override_consent = True
    membership.save()
    assert "override_reason" in _client(world["manager"]).get(url).content.decode()


def test_receiver_answers_and_the_case_manager_sees_it(world, consent_for):
    consent_for()
    manager = _client(world["manager"])
    manager.post(
        f"/cases/{world['case'].pk}/referrals/new/",
        {
            "persons": [str(world["ion"].pk)],
            "organisation": str(world["jobcenter"].pk),
            "question": "Maßnahme?",
            "urgency": "soon",
            "categories": ["identity", "work"],
        },
    )
    referral = Referral.objects.get()
    receiver = _client(world["receiver"])
    inbox = receiver.get("/inbox/?status=open")
    assert list(inbox.context["referrals"]) == [referral]
    assert "Mitteilungen" in inbox.content.decode()
    url = f"/referrals/{referral.pk}/move/"
    assert receiver.post(url, {"to": "accepted", "version": referral.version}).status_code == 302
    referral.refresh_from_db()
    no_time = receiver.post(url, {"to": "appointment_set", "version": referral.version})
    assert no_time.status_code == 400
    assert "Bitte Datum und Uhrzeit angeben." in no_time.content.decode()
    receiver.post(
        url,
        {
            "to": "appointment_set",
            "version": referral.version,
            "appointment_at": "07.01.2030 09:30",
        },
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.APPOINTMENT_SET
    assert timezone.localtime(referral.appointment_at).strftime("%d.%m.%Y %H:%M") == (
        "07.01.2030 09:30"
    )
    case_page = manager.get(f"/cases/{world['case'].pk}/").content.decode()
    assert "Termin vereinbart" in case_page
    bell = manager.get("/notifications/")
    assert "Jobcenter hat auf die Vermittlung" in bell.content.decode()
    assert Notification.objects.filter(recipient=world["manager"], read_at=None).count() == 2
    manager.post("/notifications/read/")
    assert Notification.objects.filter(recipient=world["manager"], read_at=None).count() == 0


def test_case_manager_cannot_take_the_receivers_step(world, consent_for):
    consent_for()
    referral = _refer(world, question="?")
    response = _client(world["manager"]).post(
        f"/referrals/{referral.pk}/move/", {"to": "accepted", "version": referral.version}
    )
    assert response.status_code == 403
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


def test_export_opens_in_excel_and_defuses_formulas(world, consent_for):
    consent_for()
    _refer(world, question='=HYPERLINK("http://evil")')
    receiver = _client(world["receiver"])
    xlsx = receiver.get("/inbox/export.xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Fallnummer"
    assert rows[1][5] == '\'=HYPERLINK("http://evil")'
    assert rows[1][7] == "Popescu"
    csv = receiver.get("/inbox/export.csv")
    assert csv.content.startswith("\ufeff".encode())
    assert b";" in csv.content.splitlines()[0]


def test_overdue_answers_show_on_the_case_managers_home(world, consent_for):
    consent_for()
    referral = _refer(world, question="?")
    home = _client(world["manager"]).get("/home/").content.decode()
    assert "Alle Vermittlungen wurden rechtzeitig beantwortet." in home
    Referral.objects.filter(pk=referral.pk).update(sent_at=timezone.now() - dt.timedelta(days=21))
    home = _client(world["manager"]).get("/home/").content.decode()
    assert f"/referrals/{referral.pk}/" in home
