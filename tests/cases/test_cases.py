import itertools

import pytest

from lotse.accounts.enums import Role
from lotse.audit.events import EventType
from lotse.audit.models import AuditEvent
from lotse.cases import services
from lotse.cases.enums import CaseEventKind, ClosureReason, Phase
from lotse.cases.models import Case
from lotse.cases.services import TRANSITIONS, TransitionError
from lotse.core.concurrency import ConflictError
from lotse.people import services as people_services
from tests.factories import SiteFactory, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    manager = make_user(Role.CASE_MANAGER)
    municipality = manager.membership.municipality
    colleague = make_user(Role.CASE_MANAGER, municipality)
    hamborn = SiteFactory(organisation__municipality=municipality, name="Hamborn")
    hochfeld = SiteFactory(organisation__municipality=municipality, name="Hochfeld")
    person = people_services.create_person(
        acting_user=manager, municipality=municipality, given_name="Ion", family_name="Popescu"
    )
    return {
        "manager": manager,
        "colleague": colleague,
        "hamborn": hamborn,
        "hochfeld": hochfeld,
        "person": person,
    }


def _case(team, phase=Phase.INTAKE):
    case = services.open_case(
        acting_user=team["manager"],
        owner=team["manager"],
        site=team["hamborn"],
        person=team["person"],
    )
    if phase != Phase.INTAKE:
        Case.objects.filter(pk=case.pk).update(phase=phase)
        case.refresh_from_db()
    return case


def _move(team, case, to_phase):
    return services.change_phase(
        acting_user=team["manager"],
        case=case,
        to_phase=to_phase,
        expected_version=case.version,
        note="Grund" if case.phase == Phase.CLOSED else "",
        closure_reason=ClosureReason.GOALS_REACHED if to_phase == Phase.CLOSED else "",
    )


ALLOWED = [(a, b) for a, b in itertools.product(Phase, Phase) if b in TRANSITIONS[a]]
FORBIDDEN = [(a, b) for a, b in itertools.product(Phase, Phase) if b not in TRANSITIONS[a]]


@pytest.mark.parametrize(("from_phase", "to_phase"), ALLOWED)
def test_every_allowed_transition_works(team, from_phase, to_phase):
    case = _case(team, from_phase)
    _move(team, case, to_phase)
    case.refresh_from_db()
    assert case.phase == to_phase
    event = case.events.first()
    assert (event.from_phase, event.to_phase) == (from_phase, to_phase)
    assert AuditEvent.objects.filter(event_type=EventType.CASE_PHASE_CHANGED).count() == 1


@pytest.mark.parametrize(("from_phase", "to_phase"), FORBIDDEN)
def test_every_other_transition_is_refused_with_a_clear_message(team, from_phase, to_phase):
    case = _case(team, from_phase)
    with pytest.raises(TransitionError) as error:
        _move(team, case, to_phase)
    assert "kann nicht" in error.value.messages[0]
    assert str(Phase(to_phase).label) in error.value.messages[0]
    case.refresh_from_db()
    assert case.phase == from_phase
    assert not AuditEvent.objects.filter(event_type=EventType.CASE_PHASE_CHANGED).exists()


def test_closing_needs_a_reason_and_records_the_outcome(team):
    case = _case(team, Phase.EVALUATION)
    with pytest.raises(TransitionError, match="Grund"):
        services.change_phase(
            acting_user=team["manager"],
            case=case,
            to_phase=Phase.CLOSED,
            expected_version=case.version,
        )
    services.change_phase(
        acting_user=team["manager"],
        case=case,
        to_phase=Phase.CLOSED,
        expected_version=case.version,
        closure_reason=ClosureReason.GOALS_REACHED,
        outcome="Arbeit gefunden, Kinder in der Kita",
    )
    case.refresh_from_db()
    assert (case.phase, case.closure_reason) == (Phase.CLOSED, "goals_reached")
    assert case.closed_on is not None


def test_reopening_needs_a_reason(team):
    case = _case(team, Phase.CLOSED)
    with pytest.raises(TransitionError, match="wieder"):
        services.change_phase(
            acting_user=team["manager"],
            case=case,
            to_phase=Phase.ASSESSMENT,
            expected_version=case.version,
        )
    services.change_phase(
        acting_user=team["manager"],
        case=case,
        to_phase=Phase.ASSESSMENT,
        expected_version=case.version,
        note="Neue Fragen zur Wohnung",
    )
    assert case.events.first().kind == CaseEventKind.REOPENED


def test_paused_case_keeps_its_phase_until_resumed(team):
    case = _case(team, Phase.PLANNING)
    services.set_case_paused(
        acting_user=team["manager"],
        case=case,
        paused=True,
        reason="Krankenhausaufenthalt",
        expected_version=case.version,
    )
    assert services.allowed_next_phases(case) == []
    with pytest.raises(TransitionError, match="pausiert"):
        _move(team, case, Phase.IMPLEMENTATION)
    services.set_case_paused(
        acting_user=team["manager"],
        case=case,
        paused=False,
        reason="Zurück",
        expected_version=case.version,
    )
    _move(team, case, Phase.IMPLEMENTATION)
    assert case.phase == Phase.IMPLEMENTATION


def test_transfer_keeps_a_handover_note_both_see(team, login):
    case = _case(team, Phase.IMPLEMENTATION)
    services.transfer_case(
        acting_user=team["manager"],
        case=case,
        to_owner=team["colleague"],
        to_site=team["hochfeld"],
        handover_note="Termin beim Jobcenter am 3.12. begleiten",
        expected_version=case.version,
    )
    case.refresh_from_db()
    assert (case.owner, case.site) == (team["colleague"], team["hochfeld"])
    for user in (team["manager"], team["colleague"]):
        content = login(user).get(f"/cases/{case.pk}/").content.decode()
        assert "Termin beim Jobcenter am 3.12. begleiten" in content


def test_transfer_only_to_a_case_manager_of_the_municipality(team):
    case = _case(team)
    stranger = make_user(Role.CASE_MANAGER)
    coordinator = make_user(Role.COORDINATOR, team["manager"].membership.municipality)
    for owner in (stranger, coordinator):
        with pytest.raises(Exception, match=r"Fallmanager|Kommune"):
            services.transfer_case(
                acting_user=team["manager"],
                case=case,
                to_owner=owner,
                to_site=team["hochfeld"],
                handover_note="x",
                expected_version=case.version,
            )
    case.refresh_from_db()
    assert case.owner == team["manager"]


def test_two_writers_with_the_same_version_one_wins(team):
    case = _case(team)
    first = Case.objects.get(pk=case.pk)
    second = Case.objects.get(pk=case.pk)
    _move(team, first, Phase.ASSESSMENT)
    with pytest.raises(ConflictError):
        services.change_phase(
            acting_user=team["manager"],
            case=second,
            to_phase=Phase.CLOSED,
            expected_version=1,
            closure_reason=ClosureReason.OTHER,
        )
    case.refresh_from_db()
    assert case.phase == Phase.ASSESSMENT


def test_case_numbers_count_up_per_municipality(team):
    first, second = _case(team), _case(team)
    assert first.reference.endswith("-00001")
    assert second.reference.endswith("-00002")


def test_page_refuses_a_forbidden_transition_clearly(team, login):
    case = _case(team)
    client = login(team["manager"])
    response = client.post(
        f"/cases/{case.pk}/phase/", {"version": case.version, "to_phase": "evaluation"}
    )
    assert response.status_code == 400
    assert "kann nicht in „Evaluation“ wechseln" in response.content.decode()
    case.refresh_from_db()
    assert case.phase == Phase.INTAKE


def test_page_with_stale_version_answers_409(team, login):
    case = _case(team)
    client = login(team["manager"])
    _move(team, case, Phase.ASSESSMENT)
    # The editor still has version 1 and chooses a move that is valid from the new phase.
    response = client.post(f"/cases/{case.pk}/phase/", {"version": 1, "to_phase": "planning"})
    assert response.status_code == 409
    assert "Jemand anderes hat diesen Datensatz gespeichert" in response.content.decode()


def test_opening_a_case_is_recorded(team, login):
    case = _case(team)
    login(team["colleague"]).get(f"/cases/{case.pk}/")
    viewed = AuditEvent.objects.get(event_type=EventType.CASE_VIEWED)
    assert viewed.actor_id == team["colleague"].pk


def test_case_of_another_municipality_is_invisible(team, login):
    case = _case(team)
    stranger = make_user(Role.CASE_MANAGER)
    client = login(stranger)
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert (
        client.post(
            f"/cases/{case.pk}/phase/", {"version": 1, "to_phase": "assessment"}
        ).status_code
        == 404
    )
    assert client.get("/cases/?scope=all").context["page"].paginator.count == 0


def test_partner_staff_see_no_case(team, login):
    _case(team)
    partner = make_user(Role.PARTNER_STAFF, team["manager"].membership.municipality)
    assert login(partner).get("/cases/").status_code == 403


@pytest.mark.parametrize("rows", [1, 3])
def test_case_list_query_count_does_not_grow(team, login, django_assert_num_queries, rows):
    for _ in range(rows):
        _case(team)
    client = login(team["manager"])
    # session, user; phase counts (which give the total), page (with joins; the households'
    # members: none here); the audit entry of the persons shown (3); unread notifications;
    # session save (3)
    with django_assert_num_queries(11):
        response = client.get("/cases/")
    assert len(response.context["page"].object_list) == rows


@pytest.mark.parametrize("rows", [1, 3])
def test_case_list_of_households_query_count_does_not_grow(
    team, login, django_assert_num_queries, rows
):
    manager, municipality = team["manager"], team["hamborn"].municipality
    for number in range(rows):
        household = people_services.create_household(
            acting_user=manager, municipality=municipality, name=f"Familie {number}"
        )
        for given in ("Ana", "Mihai"):
            people_services.create_person(
                acting_user=manager,
                municipality=municipality,
                given_name=given,
                family_name=f"Familie {number}",
                household=household,
            )
        services.open_case(
            acting_user=manager, owner=manager, site=team["hamborn"], household=household
        )
    client = login(manager)
    # as for persons' cases, and one for the households' members, whom the audit entry names
    with django_assert_num_queries(12):
        response = client.get("/cases/")
    assert len(response.context["page"].object_list) == rows
    entry = AuditEvent.objects.filter(event_type=EventType.PERSONS_LISTED).get()
    assert len(entry.context["persons"]) == 2 * rows


def test_case_list_pages_and_totals_follow_the_phase_filter(team, login):
    for _ in range(51):
        _case(team, Phase.PLANNING)
    _case(team, Phase.INTAKE)
    client = login(team["manager"])
    everything = client.get("/cases/")
    assert everything.context["page"].paginator.count == 52
    assert everything.context["page"].paginator.num_pages == 2
    last = client.get("/cases/?page=2")
    assert len(last.context["page"].object_list) == 2
    planning = client.get("/cases/?phase=planning&page=2")
    assert planning.context["page"].paginator.count == 51
    assert [case.phase for case in planning.context["page"].object_list] == [Phase.PLANNING]
    intake = client.get("/cases/?phase=intake")
    assert intake.context["page"].paginator.count == 1
    assert "1 Fall<" in intake.content.decode()
    assert "51 Fälle<" in planning.content.decode()
