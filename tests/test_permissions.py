"""The permission matrix: every URL pattern and every API operation, for every role.

Routes are enumerated from the URLconf and the OpenAPI document, so a new route without an
entry here fails ``test_matrix_covers_every_route``.
"""

import datetime
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from lotse.accounts import services as account_services
from lotse.accounts.enums import Role
from lotse.accounts.models import User
from lotse.api.api import api
from lotse.cases import casework, issues, walkins
from lotse.cases import services as case_services
from lotse.clearing import services as clearing_services
from lotse.consents import services as consent_services
from lotse.directory.demo import seed_demo_services
from lotse.directory.models import Service
from lotse.people import duplicates
from lotse.people import services as people_services
from lotse.people.models import DuplicatePair, PersonImport
from lotse.referrals import services as referral_services
from lotse.reports.models import StateSubmission
from lotse.tenancy.demo import seed_demo
from lotse.tenancy.models import Municipality, Organisation, Site
from tests.factories import png_bytes
from tests.reports.test_combine import A as STATE_FILE

PNG = png_bytes()
ANON = "anonymous"
OTHER = "other municipality"
ROLE_USERS = {
    Role.CASE_MANAGER: "cm.hamborn",
    Role.COORDINATOR: "koordination.duisburg",
    Role.CENTRE_LEAD: "leitung.duisburg",
    Role.PARTNER_STAFF: "jobcenter.duisburg",
    Role.CLEARING_COUNSELLOR: "clearing.duisburg",
    Role.ADMINISTRATOR: "admin.duisburg",
    Role.STATE_REVIEWER: "land.nrw",
}
OTHER_USER = "cm.wuppertal"
WHO = [ANON, *ROLE_USERS, OTHER]
MUNICIPAL = [r for r in Role if r != Role.STATE_REVIEWER]


def expect(default, **overrides):
    """Expected status per actor: `default` for all, `overrides` by role value or key."""
    table = dict.fromkeys(WHO, default)
    for key, status in overrides.items():
        match key:
            case "anonymous":
                table[ANON] = status
            case "other":
                table[OTHER] = status
            case _:
                table[Role(key)] = status
    return table


STAFF_PAGE = expect(200, anonymous=302)
PEOPLE_PAGE = expect(403, anonymous=302, case_manager=200, clearing_counsellor=200, other=200)
PERSON_PAGE = expect(404, anonymous=302, case_manager=200, clearing_counsellor=200)
REVIEW_PAGE = expect(404, anonymous=302, case_manager=200, clearing_counsellor=200, coordinator=200)
CASES_PAGE = expect(403, anonymous=302, case_manager=200, other=200)
CASE_PAGE = expect(404, anonymous=302, case_manager=200)
CASE_POST = expect(404, anonymous=302, case_manager=400)
CASE_ACTION = expect(404, anonymous=302, case_manager=302)
# An empty form posted: the people workers get the form back with its errors.
PERSON_POST = expect(404, anonymous=302, case_manager=400, clearing_counsellor=400)
DIRECTORY_PAGE = expect(200, anonymous=302, state_reviewer=403)
OBJECT_PAGE = expect(200, anonymous=302, state_reviewer=404, other=404)
ANALYSIS_PAGE = expect(403, anonymous=302, coordinator=200, centre_lead=200)
STATE_PAGE = expect(403, anonymous=302, state_reviewer=200)
DUPLICATES_PAGE = expect(
    403,
    anonymous=302,
    case_manager=200,
    clearing_counsellor=200,
    coordinator=200,
    administrator=200,
    other=200,
)
# Partner staff and everyone else without the role get 403; another municipality's
# clearing case is a 404 (tests/clearing).
CLEARING_PAGE = expect(403, anonymous=302, clearing_counsellor=200)
CLEARING_POST = expect(403, anonymous=302, clearing_counsellor=400)
CLEARING_FIGURES = expect(
    403, anonymous=302, clearing_counsellor=200, coordinator=200, centre_lead=200
)

DASHBOARD_PAGE = expect(
    403, anonymous=302, case_manager=200, coordinator=200, centre_lead=200, other=200
)
FUNDING_PAGE = expect(403, anonymous=302, coordinator=200, centre_lead=200, administrator=200)

# URL name -> (method, expected statuses)
PAGES = {
    "public:index": ("get", expect(200)),
    "public:support_centres": ("get", expect(200)),
    "login": ("get", expect(302, anonymous=200)),
    "logout": ("post", expect(302)),
    "set_language": ("post", expect(302)),
    "web:home": ("get", STAFF_PAGE),
    "web:organisation_list": ("get", DIRECTORY_PAGE),
    "web:site_list": ("get", DIRECTORY_PAGE),
    "web:site_detail": ("get", OBJECT_PAGE),
    "web:audit_log": (
        "get",
        expect(403, anonymous=302, administrator=200, centre_lead=200),
    ),
    "api:openapi-json": ("get", expect(200)),
    "web:person_list": ("get", PEOPLE_PAGE),
    "web:person_create": ("get", PEOPLE_PAGE),
    "web:person_detail": ("get", PERSON_PAGE),
    "web:person_edit": ("get", PERSON_PAGE),
    "web:residence_status_add": ("post", PERSON_POST),
    "web:insurance_status_add": ("post", PERSON_POST),
    "web:household_create": ("get", PEOPLE_PAGE),
    "web:person_import": ("get", expect(403, anonymous=302, administrator=200)),
    "web:person_import_detail": ("get", expect(404, anonymous=302, administrator=200)),
    "web:person_import_status": ("get", expect(404, anonymous=302, administrator=200)),
    "web:person_import_errors": ("get", expect(404, anonymous=302, administrator=200)),
    # Duplicates: people workers and coordinators review; administrators may start the
    # detection and see how many pairs wait (no names). A coordinator confirms a pair, a case
    # manager merges it.
    "web:duplicate_list": ("get", DUPLICATES_PAGE),
    "web:duplicate_detect": (
        "post",
        expect(
            403,
            anonymous=302,
            case_manager=302,
            clearing_counsellor=302,
            coordinator=302,
            administrator=302,
            other=302,
        ),
    ),
    "web:duplicate_detail": ("get", REVIEW_PAGE),
    "web:duplicate_merge": (
        "post",
        expect(404, anonymous=302, case_manager=400, clearing_counsellor=400, coordinator=403),
    ),
    "web:duplicate_confirm": (
        "post",
        expect(404, anonymous=302, case_manager=403, clearing_counsellor=403, coordinator=302),
    ),
    # The case manager rejects the pair first; then it is no longer open for anyone.
    "web:duplicate_reject": ("post", expect(404, anonymous=302, case_manager=302)),
    "web:household_detail": ("get", PERSON_PAGE),
    "web:walk_ins": ("get", expect(403, anonymous=302, case_manager=200, other=404)),
    "web:walk_in_register": ("post", expect(403, anonymous=302, case_manager=400, other=404)),
    "web:walk_in_call": ("post", expect(403, anonymous=302, case_manager=302, other=404)),
    "web:walk_in_left": ("post", expect(403, anonymous=302, case_manager=302, other=404)),
    "web:structural_issues": (
        "get",
        expect(403, anonymous=302, coordinator=200, centre_lead=200, case_manager=200, other=200),
    ),
    "web:structural_issue_toggle": ("post", expect(403, anonymous=302, coordinator=302)),
    "web:case_issue_tag": ("post", CASE_ACTION),
    "web:case_issue_untag": ("post", CASE_ACTION),
    "web:case_list": ("get", CASES_PAGE),
    "web:case_open": (
        "get",
        expect(403, anonymous=302, case_manager=200, other=404),
    ),
    "web:case_detail": ("get", CASE_PAGE),
    "web:case_phase": ("post", CASE_POST),
    "web:case_pause": ("post", CASE_POST),
    "web:case_transfer": ("post", CASE_POST),
    "web:case_assessment": ("get", CASE_PAGE),
    "web:case_plan": ("get", CASE_PAGE),
    "web:case_plan_print": ("get", CASE_PAGE),
    "web:goal_status": ("post", CASE_POST),
    "web:measure_add": ("post", CASE_POST),
    "web:measure_done": ("post", CASE_ACTION),
    "web:contact_add": ("post", CASE_POST),
    "web:follow_up_add": ("post", CASE_POST),
    "web:follow_up_done": ("post", CASE_ACTION),
    "web:consent_create": (
        "get",
        expect(403, anonymous=302, case_manager=200, clearing_counsellor=200, other=404),
    ),
    "web:consent_detail": ("get", PERSON_PAGE),
    "web:consent_withdraw": ("post", PERSON_POST),
    "web:consent_scan": ("get", PERSON_PAGE),
    "web:consent_print": ("get", PERSON_PAGE),
    "web:referral_create": ("get", expect(403, anonymous=302, case_manager=200, other=404)),
    "web:referral_detail": ("get", expect(404, anonymous=302, case_manager=200, partner_staff=200)),
    # An empty answer: both sides of the referral get the form back with its errors.
    "web:referral_move": ("post", expect(404, anonymous=302, case_manager=400, partner_staff=400)),
    "web:inbox": ("get", expect(403, anonymous=302, partner_staff=200)),
    "web:inbox_export": ("get", expect(403, anonymous=302, partner_staff=200)),
    "web:notifications": ("get", STAFF_PAGE),
    "web:notifications_read": ("post", expect(302)),
    "public:finder_start": ("get", expect(302)),
    "public:finder": ("get", expect(200)),
    "public:finder_service": ("get", expect(200)),
    "web:service_list": ("get", DIRECTORY_PAGE),
    "web:service_export": ("get", DIRECTORY_PAGE),
    "web:service_create": (
        "get",
        expect(403, anonymous=302, coordinator=200, administrator=200, partner_staff=200),
    ),
    "web:service_import": ("get", expect(403, anonymous=302, coordinator=200, administrator=200)),
    # A Caritas service: the Jobcenter's partner staff may not change it.
    "web:service_edit": (
        "get",
        expect(
            403, anonymous=302, coordinator=200, administrator=200, state_reviewer=404, other=404
        ),
    ),
    "web:analysis": ("get", ANALYSIS_PAGE),
    "web:analysis_export": ("get", ANALYSIS_PAGE),
    # Case managers see their own figures, coordinators and the centre lead the municipality's.
    "web:dashboard": ("get", DASHBOARD_PAGE),
    "web:dashboard_export": ("get", DASHBOARD_PAGE),
    "web:funding": ("get", FUNDING_PAGE),
    "web:funding_print": ("get", FUNDING_PAGE),
    "web:funding_export": ("get", FUNDING_PAGE),
    # The anonymised state figures: only the state reviewer; the own file: coordination.
    "web:state_overview": ("get", STATE_PAGE),
    "web:state_upload": ("get", STATE_PAGE),
    "web:state_figures": ("get", STATE_PAGE),
    "web:state_export": ("get", STATE_PAGE),
    "web:state_file": ("get", ANALYSIS_PAGE),
    # Clearing: counsellors work the cases; coordinators and the centre lead see the figures.
    "web:clearing_list": ("get", CLEARING_PAGE),
    "web:clearing_open": ("get", CLEARING_PAGE),
    "web:clearing_detail": ("get", CLEARING_PAGE),
    "web:clearing_step_add": ("post", CLEARING_POST),
    "web:clearing_close": ("post", CLEARING_POST),
    "web:clearing_edit": ("post", CLEARING_POST),
    "web:clearing_statistics": ("get", CLEARING_FIGURES),
    "web:clearing_statistics_export": ("get", CLEARING_FIGURES),
}

API_READ = expect(200, anonymous=401, state_reviewer=403)
API_OBJECT = expect(200, anonymous=401, state_reviewer=404, other=404)

PEOPLE_API = expect(403, anonymous=401, case_manager=200, clearing_counsellor=200, other=200)
PEOPLE_CREATE = expect(403, anonymous=401, case_manager=201, clearing_counsellor=201, other=201)
PERSON_API = expect(404, anonymous=401, case_manager=200, clearing_counsellor=200)
CASES_API = expect(403, anonymous=401, case_manager=200, other=200)
CASE_API = expect(404, anonymous=401, case_manager=200)
CASE_CREATE = expect(404, anonymous=401, case_manager=201)
CLEARING_API = expect(403, anonymous=401, clearing_counsellor=200)
WALK_INS_API = expect(403, anonymous=401, case_manager=200, other=404)

# "METHOD path" from the OpenAPI document -> expected statuses
DASHBOARD_API = expect(
    403, anonymous=401, case_manager=200, coordinator=200, centre_lead=200, other=200
)

OPERATIONS = {
    "GET /api/v1/persons": PEOPLE_API,
    "POST /api/v1/persons": PEOPLE_CREATE,
    "GET /api/v1/persons/{person_id}": PERSON_API,
    "GET /api/v1/duplicates": expect(
        403, anonymous=401, case_manager=200, clearing_counsellor=200, coordinator=200, other=200
    ),
    "POST /api/v1/duplicates/detect": expect(
        403,
        anonymous=401,
        case_manager=200,
        clearing_counsellor=200,
        coordinator=200,
        administrator=200,
        other=200,
    ),
    # The case manager decides first; then the pair is no longer open for anyone.
    "POST /api/v1/duplicates/{pair_id}/reject": expect(404, anonymous=401, case_manager=200),
    "POST /api/v1/duplicates/{pair_id}/merge": expect(404, anonymous=401, case_manager=200),
    # Coordinators confirm; those who merge do not (403), the others do not see the pair.
    "POST /api/v1/duplicates/{pair_id}/confirm": expect(
        404, anonymous=401, case_manager=403, clearing_counsellor=403, coordinator=200
    ),
    # The case manager's change bumps the version, so the clearing counsellor, sending the
    # same version afterwards, gets the conflict.
    "PATCH /api/v1/persons/{person_id}": expect(
        404, anonymous=401, case_manager=200, clearing_counsellor=409
    ),
    "GET /api/v1/households": PEOPLE_API,
    "POST /api/v1/households": PEOPLE_CREATE,
    "GET /api/v1/households/{household_id}": PERSON_API,
    "GET /api/v1/cases": CASES_API,
    "POST /api/v1/cases": expect(403, anonymous=401, case_manager=201, other=404),
    "GET /api/v1/cases/{case_id}": CASE_API,
    "POST /api/v1/cases/{case_id}/transitions": CASE_API,
    "GET /api/v1/cases/{case_id}/assessments": CASE_API,
    "POST /api/v1/cases/{case_id}/assessments": CASE_CREATE,
    "GET /api/v1/cases/{case_id}/goals": CASE_API,
    "POST /api/v1/cases/{case_id}/goals": CASE_CREATE,
    "GET /api/v1/cases/{case_id}/contacts": CASE_API,
    "POST /api/v1/cases/{case_id}/contacts": CASE_CREATE,
    "GET /api/v1/cases/{case_id}/follow-ups": CASE_API,
    "POST /api/v1/cases/{case_id}/follow-ups": CASE_CREATE,
    "POST /api/v1/persons/search": PEOPLE_API,
    "POST /api/v1/cases/{case_id}/pause": CASE_API,
    "POST /api/v1/cases/{case_id}/transfer": CASE_API,
    "GET /api/v1/cases/{case_id}/events": CASE_API,
    "PATCH /api/v1/cases/{case_id}/goals/{goal_id}": CASE_API,
    "POST /api/v1/cases/{case_id}/goals/{goal_id}/measures": CASE_CREATE,
    "PATCH /api/v1/cases/{case_id}/measures/{measure_id}": CASE_API,
    "POST /api/v1/cases/{case_id}/follow-ups/{follow_up_id}/done": CASE_API,
    "GET /api/v1/sites/{site_id}/walk-ins": WALK_INS_API,
    "POST /api/v1/sites/{site_id}/walk-ins": expect(
        403, anonymous=401, case_manager=201, other=404
    ),
    "POST /api/v1/sites/{site_id}/walk-ins/call-next": WALK_INS_API,
    "POST /api/v1/sites/{site_id}/walk-ins/{walk_in_id}/left": WALK_INS_API,
    "GET /api/v1/persons/{person_id}/consents": PERSON_API,
    "POST /api/v1/persons/{person_id}/consents": expect(
        403, anonymous=401, case_manager=201, clearing_counsellor=201, other=404
    ),
    # The case manager withdraws; the clearing counsellor then finds it withdrawn already.
    "POST /api/v1/consents/{consent_id}/withdraw": expect(
        404, anonymous=401, case_manager=200, clearing_counsellor=400
    ),
    "GET /api/v1/cases/{case_id}/referrals": CASE_API,
    "POST /api/v1/cases/{case_id}/referrals": expect(
        403, anonymous=401, case_manager=201, other=404
    ),
    # Accepting is the receiver's step: the referring case manager may not take it.
    "POST /api/v1/referrals/{referral_id}/transitions": expect(
        404, anonymous=401, case_manager=403, partner_staff=200
    ),
    "GET /api/v1/inbox": expect(403, anonymous=401, partner_staff=200),
    "GET /api/v1/inbox/{referral_id}": expect(403, anonymous=401, partner_staff=200),
    "GET /api/v1/notifications": API_READ,
    "GET /api/v1/me": API_READ,
    "GET /api/v1/organisations": API_READ,
    "GET /api/v1/organisations/{organisation_id}": API_OBJECT,
    "GET /api/v1/sites": API_READ,
    "GET /api/v1/sites/{site_id}": API_OBJECT,
    "GET /api/v1/public/{slug}/services": expect(200),
    "GET /api/v1/public/{slug}/services/{service_id}": expect(200),
    "GET /api/v1/services": API_READ,
    # For the Jobcenter: its own partner staff may add a service too.
    "POST /api/v1/services": expect(
        403, anonymous=401, coordinator=201, administrator=201, partner_staff=201
    ),
    # The coordinator's change bumps the version; the administrator then gets the conflict.
    "PATCH /api/v1/services/{service_id}": expect(
        403, anonymous=401, coordinator=200, administrator=409, state_reviewer=404, other=404
    ),
    "GET /api/v1/landscape": expect(403, anonymous=401, coordinator=200, centre_lead=200),
    "GET /api/v1/reports/dashboard": DASHBOARD_API,
    "GET /api/v1/reports/dashboard/{name}": DASHBOARD_API,
    "GET /api/v1/reports/funding": expect(
        403, anonymous=401, coordinator=200, centre_lead=200, administrator=200
    ),
    "GET /api/v1/clearing-cases": CLEARING_API,
    "POST /api/v1/clearing-cases": expect(403, anonymous=401, clearing_counsellor=201),
    "GET /api/v1/clearing-cases/{clearing_id}": CLEARING_API,
    "PATCH /api/v1/clearing-cases/{clearing_id}": CLEARING_API,
    "POST /api/v1/clearing-cases/{clearing_id}/steps": expect(
        403, anonymous=401, clearing_counsellor=201
    ),
    "POST /api/v1/clearing-cases/{clearing_id}/close": CLEARING_API,
    "GET /api/v1/clearing-statistics": expect(
        403, anonymous=401, clearing_counsellor=200, coordinator=200, centre_lead=200
    ),
}


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), full_ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, prefix + str(entry.pattern)


def url_patterns():
    return dict(_walk(get_resolver().url_patterns))


def api_operations():
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return {
        f"{method.upper()} {path.rstrip('/')}"
        for path, methods in schema["paths"].items()
        for method in methods
    }


def test_matrix_covers_every_route():
    patterns = url_patterns()
    api_patterns = {n for n, route in patterns.items() if route.startswith("api/v1/")}
    page_names = set(patterns) - api_patterns
    assert None not in page_names, "every URL pattern needs a name"
    assert page_names | {"api:openapi-json"} == set(PAGES)
    assert api_operations() == set(OPERATIONS)


@pytest.fixture
def demo(db):
    seed_demo()
    duisburg = Municipality.objects.get(slug="duisburg")
    seed_demo_services(duisburg)
    household = people_services.create_household(
        acting_user=None, municipality=duisburg, name="Familie Test"
    )
    person = people_services.create_person(
        acting_user=None,
        municipality=duisburg,
        household=household,
        given_name="Ana",
        family_name="Test",
    )
    hamborn = Site.objects.get(name="Regionales Unterstützungszentrum Hamborn")
    case = case_services.open_case(
        acting_user=None,
        owner=User.objects.get(username="cm.hamborn"),
        site=hamborn,
        person=person,
    )
    goal = casework.add_goal(
        acting_user=None,
        case=case,
        life_domain="work",
        description="Arbeit finden",
        target_date=datetime.date(2030, 1, 1),
    )
    measure = casework.add_measure(
        acting_user=None, goal=goal, description="Bewerbung", responsible="person"
    )
    follow_up = casework.add_follow_up(
        acting_user=None, case=case, due_on=datetime.date(2030, 1, 1), note="Nachfragen"
    )
    walk_in = walkins.register_walk_in(
        acting_user=None, site=hamborn, given_name="Neu", family_name="Ankunft"
    )
    issue = issues.create_structural_issue(
        acting_user=None, municipality=duisburg, title="Wartezeit Ausländerbehörde"
    )
    jobcenter = Organisation.objects.get(name="Jobcenter Duisburg")
    consent = consent_services.record_consent(
        acting_user=None,
        person=person,
        organisation=jobcenter,
        purpose="Arbeit",
        categories=["identity", "work"],
        medium="written",
        given_on=datetime.date(2026, 1, 5),
        scan=SimpleUploadedFile("scan.png", PNG, content_type="image/png"),
    )
    referral = referral_services.create_referral(
        acting_user=User.objects.get(username="cm.hamborn"),
        case=case,
        persons=[person],
        organisation=jobcenter,
        question="Maßnahme?",
        categories=["identity", "work"],
    )
    twin = people_services.create_person(
        acting_user=None, municipality=duisburg, given_name="Anna", family_name="Test"
    )
    first, second = duplicates.ordered(person.pk, twin.pk)
    pair = DuplicatePair.objects.create(
        municipality=duisburg, first_id=first, second_id=second, score=0.9, evidence=["name:typo"]
    )
    StateSubmission.objects.create(
        official_key="05112000",
        municipality_name="Stadt Duisburg",
        period="2026-Q3",
        data=STATE_FILE,
    )
    clearing_case = clearing_services.open_clearing_case(
        acting_user=User.objects.get(username="clearing.duisburg"),
        person=person,
        status_at_start="unclear",
        opened_on=datetime.date(2026, 1, 5),
    )
    return {
        "clearing_case": clearing_case,
        "person_import": PersonImport.objects.create(
            municipality=duisburg, filename="a.csv", errors=[[2, "birth_date", "?"]]
        ),
        "pair": pair,
        "service": Service.objects.get(name__endswith="Caritas Hochfeld"),
        "consent": consent,
        "referral": referral,
        "issue": issue,
        "walk_in": walk_in,
        "goal": goal,
        "measure": measure,
        "follow_up": follow_up,
        "case": case,
        "site": hamborn,
        "organisation": Organisation.objects.get(name="Jobcenter Duisburg"),
        "person": person,
        "household": household,
    }


def _client_for(who):
    client = Client()
    if who == ANON:
        return client
    username = OTHER_USER if who == OTHER else ROLE_USERS[who]
    client.force_login(User.objects.get(username=username))
    return client


OBJECT_FOR_ROUTE = {
    "clearing/": "clearing_case",
    "persons/import/": "person_import",
    "consents/": "consent",
    "referrals/": "referral",
    "sites/": "site",
    "persons/": "person",
    "households/": "household",
    "cases/": "case",
    "services/": "service",
    "kommune/": "service",
}
# Pages that need an object named in the query string.
QUERY_FOR_ROUTE = {"web:case_open": "person", "web:clearing_open": "person"}


def _page_url(name, route, demo):
    url = "/" + route
    owner = next(
        (key for prefix, key in OBJECT_FOR_ROUTE.items() if route.startswith(prefix)), None
    )
    if owner:
        url = url.replace("<uuid:pk>", str(demo[owner].pk))
    if route.startswith("duplicates/"):
        url = url.replace("<int:pk>", str(demo["pair"].pk))
    url = re.sub(r"<slug:slug>", "duisburg", url)
    if route.startswith("state/"):
        url = url.replace("<str:period>", "2026-Q3").replace("<str:table>", "demo_table")
    if route.startswith("clearing/"):
        url = url.replace("<str:table>", "nationality")
    url = url.replace("<str:file_format>", "xlsx").replace("<str:fmt>", "xlsx")
    url = url.replace("<str:lang>", "ar").replace("<str:table>", "gaps")
    url = url.replace("<str:name>", "all")
    for converter, key in (
        ("<int:goal_id>", "goal"),
        ("<int:measure_id>", "measure"),
        ("<int:follow_up_id>", "follow_up"),
        ("<int:walk_in_id>", "walk_in"),
        ("<int:issue_id>", "issue"),
    ):
        url = url.replace(converter, str(demo[key].pk))
    assert "<" not in url, f"no sample value for {route}"
    if name in QUERY_FOR_ROUTE:
        key = QUERY_FOR_ROUTE[name]
        url += f"?{key}={demo[key].pk}"
    return url


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_permissions(demo, name):
    method, expected = PAGES[name]
    url = _page_url(name, url_patterns()[name], demo)
    seen = {}
    for who in WHO:
        response = getattr(_client_for(who), method)(url)
        seen[who] = response.status_code
    assert seen == expected


def _bearer(who):
    if who == ANON:
        return {}
    username = OTHER_USER if who == OTHER else ROLE_USERS[who]
    user = User.objects.select_related("membership__municipality").get(username=username)
    _token, raw = account_services.create_api_token(acting_user=None, user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _bodies(demo):
    """A valid body for every writing operation, so that permissions, not input, decide."""
    return {
        # Each role creates the same person: confirmed, so that the second one is asked about
        # its permission and not warned of the first one's (tests/api/test_cases_api.py).
        "POST /api/v1/persons": {"given_name": "Neu", "family_name": "Person", "confirm_new": True},
        "PATCH /api/v1/persons/{person_id}": {"version": 1, "phone": "0203 1"},
        "POST /api/v1/duplicates/{pair_id}/merge": {
            "keep": str(demo["person"].pk),
            "first_version": demo["pair"].first.version,
            "second_version": demo["pair"].second.version,
        },
        "POST /api/v1/households": {"name": "Familie Neu"},
        "POST /api/v1/cases": {
            "person_id": str(demo["person"].pk),
            "site_id": str(demo["site"].pk),
        },
        "POST /api/v1/cases/{case_id}/transitions": {"version": 1, "to_phase": "assessment"},
        "POST /api/v1/cases/{case_id}/assessments": {
            "items": [{"life_domain": "language", "need": "urgent"}]
        },
        "POST /api/v1/cases/{case_id}/goals": {
            "life_domain": "work",
            "description": "Arbeit",
            "target_date": "2030-01-01",
        },
        "POST /api/v1/cases/{case_id}/contacts": {
            "contact_on": "2026-01-05",
            "duration_minutes": 30,
            "form": "phone",
        },
        "POST /api/v1/cases/{case_id}/follow-ups": {"due_on": "2030-01-01", "note": "Anrufen"},
        "POST /api/v1/persons/search": {"text": "test"},
        "POST /api/v1/cases/{case_id}/pause": {"version": 1, "paused": True, "reason": "Urlaub"},
        "POST /api/v1/cases/{case_id}/transfer": {
            "version": 1,
            "to_owner": "cm.hochfeld",
            "to_site_id": str(
                Site.objects.get(name="Regionales Unterstützungszentrum Hochfeld").pk
            ),
            "handover_note": "Bitte übernehmen",
        },
        "PATCH /api/v1/cases/{case_id}/goals/{goal_id}": {"version": 1, "status": "reached"},
        "POST /api/v1/cases/{case_id}/goals/{goal_id}/measures": {
            "description": "Sprachkurs anmelden",
            "responsible": "case_manager",
        },
        "PATCH /api/v1/cases/{case_id}/measures/{measure_id}": {"done": True},
        "POST /api/v1/sites/{site_id}/walk-ins": {"given_name": "Mara", "family_name": "Ionescu"},
        "POST /api/v1/persons/{person_id}/consents": {
            "organisation_id": str(demo["organisation"].pk),
            "purpose": "Arbeit",
            "categories": ["identity", "work"],
            "medium": "written",
            "given_on": "2026-02-01",
        },
        "POST /api/v1/consents/{consent_id}/withdraw": {
            "version": demo["consent"].version,
            "withdrawn_on": "2026-03-01",
        },
        "POST /api/v1/cases/{case_id}/referrals": {
            "person_ids": [str(demo["person"].pk)],
            "organisation_id": str(demo["organisation"].pk),
            "question": "Maßnahme?",
            "categories": ["identity", "work"],
        },
        "POST /api/v1/services": {
            "organisation_id": str(demo["organisation"].pk),
            "name": "Beratung zu Arbeit",
            "description": "Test",
            "life_domains": ["work"],
        },
        "PATCH /api/v1/services/{service_id}": {"version": 1, "waiting_days": 3},
        "POST /api/v1/clearing-cases": {
            "person_id": str(demo["person"].pk),
            "status_at_start": "not_insured",
        },
        "PATCH /api/v1/clearing-cases/{clearing_id}": {"version": 1, "outcome": "Geklärt"},
        "POST /api/v1/clearing-cases/{clearing_id}/steps": {
            "kind": "family",
            "taken_on": "2026-01-06",
        },
        "POST /api/v1/clearing-cases/{clearing_id}/close": {
            "version": 1,
            "status_at_end": "insured_germany",
            "closed_on": "2026-01-20",
        },
        "POST /api/v1/referrals/{referral_id}/transitions": {
            "version": demo["referral"].version,
            "to_status": "accepted",
        },
    }


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_api_permissions(demo, operation):
    method, path = operation.split(" ", 1)
    url = path.replace("{slug}", "duisburg").replace("{name}", "contacts")
    for placeholder, key in (
        ("{site_id}", "site"),
        ("{organisation_id}", "organisation"),
        ("{person_id}", "person"),
        ("{household_id}", "household"),
        ("{case_id}", "case"),
        ("{goal_id}", "goal"),
        ("{measure_id}", "measure"),
        ("{follow_up_id}", "follow_up"),
        ("{walk_in_id}", "walk_in"),
        ("{consent_id}", "consent"),
        ("{referral_id}", "referral"),
        ("{service_id}", "service"),
        ("{pair_id}", "pair"),
        ("{clearing_id}", "clearing_case"),
    ):
        url = url.replace(placeholder, str(demo[key].pk))
    assert "{" not in url, f"no sample value for {path}"
    body = _bodies(demo).get(operation)
    seen = {}
    for who in WHO:
        extra = {"data": json.dumps(body), "content_type": "application/json"} if body else {}
        response = getattr(Client(), method.lower())(url, **extra, **_bearer(who))
        seen[who] = response.status_code
    assert seen == OPERATIONS[operation]
