import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from lotse.accounts.enums import Role
from lotse.audit.events import EventType
from lotse.audit.models import AuditEvent
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def _post_login(client, username, password, address="10.0.0.1"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_login_page_is_german_by_default():
    response = Client().get("/login/")
    assert response.status_code == 200
    assert response["Content-Language"] == "de"
    content = response.content.decode()
    assert 'lang="de"' in content
    assert "Anmelden" in content


def test_login_page_in_english_after_switching_language():
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert response.status_code == 302
    content = client.get("/login/").content.decode()
    assert 'lang="en"' in content
    assert "Sign in to Lotse" in content


def test_successful_login_is_audited_and_leads_home():
    user = make_user(Role.CASE_MANAGER)
    response = _post_login(Client(), user.username, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/home/"
    event = AuditEvent.objects.get(event_type=EventType.LOGIN)
    assert event.actor_id == user.pk
    assert event.municipality_id == user.membership.municipality_id
    assert event.context == {"address": "10.0.0.1"}


def test_wrong_password_gets_a_clear_german_error_and_is_audited():
    user = make_user(Role.CASE_MANAGER)
    response = _post_login(Client(), user.username, "falsch")
    assert response.status_code == 200
    assert "Benutzername oder das Passwort ist falsch" in response.content.decode()
    event = AuditEvent.objects.get(event_type=EventType.LOGIN_FAILED)
    assert event.context["username"] == user.username
    assert event.municipality_id == user.membership.municipality_id
    assert "falsch" not in str(event.context)


def test_wrong_password_error_in_english():
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    response = _post_login(client, "nobody", "wrong")
    assert "The username or the password is wrong" in response.content.decode()


def test_logout_is_audited_and_ends_the_session(login):
    user = make_user(Role.COORDINATOR)
    client = login(user)
    response = client.post("/logout/")
    assert response.status_code == 302
    assert AuditEvent.objects.filter(event_type=EventType.LOGOUT, actor=user).count() == 1
    assert client.get("/home/").status_code == 302


def test_repeated_failures_throttle_that_name_from_that_address():
    user = make_user(Role.CASE_MANAGER)
    client = Client()
    for _ in range(5):
        assert _post_login(client, user.username, "falsch").status_code == 200
    response = _post_login(client, user.username, PASSWORD)
    assert response.status_code == 429
    assert "Zu viele fehlgeschlagene Anmeldungen" in response.content.decode()
    assert AuditEvent.objects.filter(event_type=EventType.LOGIN_THROTTLED).count() == 1
    assert not AuditEvent.objects.filter(event_type=EventType.LOGIN).exists()


def test_throttle_does_not_lock_out_colleagues_or_other_addresses():
    attacked = make_user(Role.CASE_MANAGER)
    colleague = make_user(Role.CASE_MANAGER, attacked.membership.municipality)
    for _ in range(6):
        _post_login(Client(), attacked.username, "falsch", address="10.0.0.9")
    # A colleague in the same office (same address) signs in as usual ...
    assert _post_login(Client(), colleague.username, PASSWORD, "10.0.0.9").status_code == 302
    # ... and so does the attacked person from another address.
    assert _post_login(Client(), attacked.username, PASSWORD, "10.0.0.77").status_code == 302


def test_one_address_spraying_many_names_is_throttled(settings):
    settings.LOTSE_LOGIN_FAILURES_PER_ADDRESS = 8
    user = make_user(Role.CASE_MANAGER)
    for number in range(8):
        _post_login(Client(), f"guess{number}", "x", address="10.0.0.66")
    assert _post_login(Client(), user.username, PASSWORD, "10.0.0.66").status_code == 429
    assert _post_login(Client(), user.username, PASSWORD, "10.0.0.67").status_code == 302


def test_success_resets_the_failure_count():
    user = make_user(Role.CASE_MANAGER)
    for _ in range(4):
        _post_login(Client(), user.username, "falsch")
    assert _post_login(Client(), user.username, PASSWORD).status_code == 302
    for _ in range(4):
        _post_login(Client(), user.username, "falsch")
    assert _post_login(Client(), user.username, PASSWORD).status_code == 302


def test_session_expires_after_thirty_minutes_without_activity(login):
    user = make_user(Role.CASE_MANAGER)
    client = login(user)
    assert client.get("/home/").status_code == 200
    session = Session.objects.get()
    remaining = session.expire_date - timezone.now()
    assert dt.timedelta(minutes=29) < remaining <= dt.timedelta(minutes=30)
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get("/home/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_activity_extends_the_session(login):
    user = make_user(Role.CASE_MANAGER)
    client = login(user)
    Session.objects.update(expire_date=timezone.now() + dt.timedelta(minutes=2))
    assert client.get("/home/").status_code == 200
    remaining = Session.objects.get().expire_date - timezone.now()
    assert remaining > dt.timedelta(minutes=29)


def test_login_redirect_stays_on_this_site():
    user = make_user(Role.CASE_MANAGER)
    response = Client().post(
        "/login/?next=https://evil.example/",
        {"username": user.username, "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/home/"


def test_form_without_valid_csrf_token_gets_a_clear_error():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    content = response.content.decode()
    assert "Formular abgelaufen" in content
    assert "Es wurde nichts gespeichert." in content
