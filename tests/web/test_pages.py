import pytest

from lotse.accounts.enums import Role
from tests.factories import OrganisationFactory, SiteFactory, make_user

pytestmark = pytest.mark.django_db

# Every page of a signed-in user: session and user with membership (one join), the count of
# unread notifications for the bell, then the session is saved again (savepoint, update,
# release) to extend the inactivity timeout.
BASE_QUERIES = 2 + 1 + 3


@pytest.mark.parametrize("rows", [1, 3])
def test_site_list_query_count_does_not_grow(login, django_assert_num_queries, rows):
    user = make_user(Role.CASE_MANAGER)
    for _ in range(rows):
        SiteFactory(organisation__municipality=user.membership.municipality)
    client = login(user)
    # + sites with organisation and municipality, hours prefetch
    with django_assert_num_queries(BASE_QUERIES + 2):
        response = client.get("/sites/")
    assert len(response.context["sites"]) == rows


@pytest.mark.parametrize("rows", [1, 3])
def test_organisation_list_query_count_does_not_grow(login, django_assert_num_queries, rows):
    user = make_user(Role.CASE_MANAGER)
    for _ in range(rows - 1):
        OrganisationFactory(municipality=user.membership.municipality)
    client = login(user)
    with django_assert_num_queries(BASE_QUERIES + 1):
        response = client.get("/organisations/")
    assert len(response.context["organisations"]) == rows


@pytest.mark.parametrize("rows", [1, 3])
def test_audit_log_query_count_does_not_grow(login, django_assert_num_queries, rows):
    user = make_user(Role.ADMINISTRATOR)
    client = login(user)
    for _ in range(rows):
        OrganisationFactory(municipality=user.membership.municipality)
    # + count and page of events
    with django_assert_num_queries(BASE_QUERIES + 2):
        response = client.get("/audit/")
    assert response.status_code == 200


def test_audit_log_shows_only_the_own_municipality(login):
    admin = make_user(Role.ADMINISTRATOR)
    stranger = make_user(Role.ADMINISTRATOR)
    client = login(admin)
    events = client.get("/audit/").context["page"].object_list
    assert events
    assert {e.municipality_id for e in events} == {admin.membership.municipality_id}
    assert stranger.membership.municipality_id not in {e.municipality_id for e in events}


@pytest.mark.parametrize("role", list(Role))
def test_home_page_per_role(login, role):
    response = login(make_user(role)).get("/home/")
    assert response.status_code == 200
    assert response.context["membership"].role == role
    nav = [item["url"] for item in response.context["navigation"]]
    assert "/home/" in nav
    assert ("/sites/" in nav) == (role != Role.STATE_REVIEWER)
    assert ("/audit/" in nav) == (role in {Role.ADMINISTRATOR, Role.CENTRE_LEAD})


def test_site_of_another_municipality_is_a_404_like_a_missing_one(login):
    user = make_user(Role.CASE_MANAGER)
    foreign = SiteFactory()
    client = login(user)
    assert client.get(f"/sites/{foreign.pk}/").status_code == 404
    assert client.get("/sites/00000000-0000-0000-0000-000000000000/").status_code == 404
