import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from tests.factories import PASSWORD


@pytest.fixture(autouse=True)
def _clear_cache():
    """The throttle counts in the cache; no test sees another's counts."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language: a request through the LocaleMiddleware
    leaves its language active in the thread, which must not reach the next test."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def login():
    """A client signed in as the given user through the real sign-in form."""

    def _login(user, client=None):
        client = client or Client()
        response = client.post("/login/", {"username": user.username, "password": PASSWORD})
        assert response.status_code == 302, response.content[:500]
        return client

    return _login
