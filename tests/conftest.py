import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import PASSWORD


@pytest.fixture(autouse=True)
def _clear_cache():
    """The throttle counts in the cache; no test sees another's counts."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def login():
    """A client signed in as the given user through the real sign-in form."""

    def _login(user, client=None):
        client = client or Client()
        response = client.post("/login/", {"username": user.username, "password": PASSWORD})
        assert response.status_code == 302, response.content[:500]
        return client

    return _login
