import pytest

from lotse.accounts.enums import Role
from lotse.cases import issues, services
from lotse.cases.models import StructuralIssue
from lotse.people import services as people_services
from tests.factories import SiteFactory, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    manager = make_user(Role.CASE_MANAGER)
    municipality = manager.membership.municipality
    coordinator = make_user(Role.COORDINATOR, municipality)
    site = SiteFactory(organisation__municipality=municipality)
    cases = []
    for name in ("Ion", "Maria", "Ahmad"):
        person = people_services.create_person(
            acting_user=manager, municipality=municipality, given_name=name, family_name="X"
        )
        cases.append(
            services.open_case(acting_user=manager, owner=manager, site=site, person=person)
        )
    return {"manager": manager, "coordinator": coordinator, "cases": cases}


def test_coordinator_keeps_the_list_and_sees_counts_without_names(setting, login):
    coordinator = login(setting["coordinator"])
    response = coordinator.post(
        "/structural-issues/", {"title": "Termin bei der Ausländerbehörde dauert über 3 Monate"}
    )
    assert response.status_code == 302
    issue = StructuralIssue.objects.get()
    manager = login(setting["manager"])
    for case in setting["cases"][:2]:
        manager.post(f"/cases/{case.pk}/issues/", {"issue": issue.pk})
    content = coordinator.get("/structural-issues/").content.decode()
    assert "über 3 Monate" in content
    annotated = issues.issues_with_counts(issue.municipality_id).get()
    assert (annotated.case_count, annotated.open_case_count) == (2, 2)
    for case in setting["cases"]:
        assert case.reference not in content
        assert case.person.given_name not in content


def test_case_managers_cannot_edit_the_list(setting, login):
    response = login(setting["manager"]).post("/structural-issues/", {"title": "Neu"})
    assert response.status_code == 403
    assert not StructuralIssue.objects.exists()


def test_switched_off_issue_cannot_be_tagged(setting, login):
    issue = issues.create_structural_issue(
        acting_user=setting["coordinator"],
        municipality=setting["coordinator"].membership.municipality,
        title="Alt",
    )
    issues.set_structural_issue_active(
        acting_user=setting["coordinator"], issue=issue, active=False
    )
    case = setting["cases"][0]
    login(setting["manager"]).post(f"/cases/{case.pk}/issues/", {"issue": issue.pk})
    assert not issue.cases.exists()
