import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import Client

from tests.factories import MunicipalityFactory, SiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed-demo", households=0, stdout=io.StringIO())


def test_support_centres_page_lists_addresses_and_hours(demo):
    response = Client().get("/kommune/duisburg/beratungsstellen/")
    assert response.status_code == 200
    content = response.content.decode()
    for text in (
        "Duisburger Straße 241",
        "Brückenstraße 30",
        "Beethovenstraße 18a",
        "0203-94065358",
        "02065-550087",
        "Offene Sprechstunde",
    ):
        assert text in content
    # Only support centres are listed, not the integration centre's office.
    assert "Flachsmarkt" not in content
    assert "Haus der Integration" not in content


def test_support_centre_open_now_is_marked(demo, monkeypatch):
    monday_eleven = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)  # 11:00 in Duisburg
    monkeypatch.setattr("django.utils.timezone.now", lambda: monday_eleven)
    content = Client().get("/kommune/duisburg/beratungsstellen/").content.decode()
    # Hamborn and Hochfeld are open Monday 10-12; Rheinhausen opens Monday 13-15.
    assert content.count("Jetzt geöffnet") == 2
    assert content.count("Heute geöffnet") == 1


def test_unknown_municipality_gets_a_clear_translated_404(demo):
    response = Client().get("/kommune/atlantis/beratungsstellen/")
    assert response.status_code == 404
    assert "Eine Kommune unter dieser Adresse ist uns nicht bekannt." in response.content.decode()
    english = Client().get("/kommune/atlantis/beratungsstellen/", HTTP_ACCEPT_LANGUAGE="en")
    assert "We do not know a municipality with this address." in english.content.decode()


def test_unknown_page_gets_a_translated_404_without_internals():
    response = Client().get("/gibt-es-nicht/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Seite nicht gefunden" in content
    assert "Resolver404" not in content
    assert "urlpatterns" not in content


def test_public_index_links_every_municipality(demo):
    content = Client().get("/").content.decode()
    assert "/kommune/duisburg/beratungsstellen/" in content
    assert "/kommune/wuppertal/beratungsstellen/" in content


@pytest.mark.parametrize("rows", [1, 3])
def test_support_centres_query_count_does_not_grow(django_assert_num_queries, rows):
    municipality = MunicipalityFactory(slug="testkommune")
    for _ in range(rows):
        SiteFactory(organisation__municipality=municipality)
    # municipality, sites with organisation, hours prefetch
    with django_assert_num_queries(3):
        response = Client().get("/kommune/testkommune/beratungsstellen/")
    assert response.status_code == 200
