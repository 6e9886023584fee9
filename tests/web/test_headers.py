import pytest
from django.test import Client

from lotse.accounts.enums import Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _csp(response):
    return dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )


@pytest.mark.parametrize("url", ["/", "/login/", "/home/"])
def test_strict_content_security_policy(login, url):
    client = login(make_user(Role.CASE_MANAGER))
    response = client.get(url)
    policy = _csp(response)
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


def test_pages_contain_no_inline_script_or_style(login):
    client = login(make_user(Role.ADMINISTRATOR))
    for url in ["/", "/login/", "/home/", "/sites/", "/organisations/", "/audit/"]:
        content = client.get(url).content.decode()
        assert "<script>" not in content, url
        assert "<style" not in content, url
        assert " style=" not in content, url
        assert " onclick=" not in content, url
        assert " onload=" not in content, url


def test_authenticated_pages_are_not_stored(login):
    client = login(make_user(Role.CASE_MANAGER))
    response = client.get("/home/")
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_public_pages_may_be_cached():
    response = Client().get("/")
    assert "no-store" not in response.get("Cache-Control", "")


def test_hsts_on_secure_requests(login):
    client = login(make_user(Role.CASE_MANAGER))
    response = client.get("/home/", secure=True)
    hsts = response["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts
    assert "includeSubDomains" in hsts


def test_other_security_headers():
    response = Client().get("/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_session_cookie_is_http_only(login):
    client = login(make_user(Role.CASE_MANAGER))
    assert client.cookies["lotse_session"]["httponly"]
