"""The state reviewer's pages: upload, errors, combined figures, downloads, audit; and the
coordinators' own state file."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lotse.accounts.enums import Role
from lotse.audit.events import EventType
from lotse.audit.models import AuditEvent
from lotse.reports.models import StateSubmission
from lotse.reports.services import MAX_UPLOAD_BYTES
from tests.factories import make_user
from tests.reports.test_combine import A, B


def _json(name, document):
    return SimpleUploadedFile(name, json.dumps(document).encode(), content_type="application/json")


@pytest.fixture
def reviewer(db, client):
    user = make_user(Role.STATE_REVIEWER, username="land.test")
    client.force_login(user)
    return client


def test_state_upload_stores_files_and_shows_combined_totals(reviewer):
    response = reviewer.post("/state/upload/", {"files": [_json("a.json", A), _json("b.json", B)]})
    assert response.status_code == 302
    assert response["Location"] == "/state/2026-Q3/"
    assert StateSubmission.objects.count() == 2
    page = reviewer.get("/state/2026-Q3/").content.decode()
    assert "Stadt Duisburg" in page
    assert "Stadt Wuppertal" in page
    assert "128" in page
    assert "≥ 7" in page
    assert 'scope="row"' in page
    assert "<caption" in page
    assert "style=" not in page
    assert "<script>" not in page
    overview = reviewer.get("/state/").content.decode()
    assert "2026-Q3" in overview
    assert "05124000" in overview


def test_state_upload_replaces_the_file_of_the_same_municipality_and_period(reviewer):
    reviewer.post("/state/upload/", {"files": [_json("a.json", A)]})
    changed = json.loads(json.dumps(A))
    changed["municipality"]["name"] = "Duisburg (neu)"
    reviewer.post("/state/upload/", {"files": [_json("a2.json", changed)]})
    assert list(StateSubmission.objects.values_list("municipality_name", flat=True)) == [
        "Duisburg (neu)"
    ]
    events = AuditEvent.objects.filter(event_type=EventType.STATE_REPORT_UPLOADED.value)
    assert [e.context["replaced"] for e in events.order_by("occurred_at")] == [False, True]


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("x.json", b"{no json"), "x.json: this is not a JSON file."),
        (_json("y.json", {"tables": []}), "y.json: this is not a state-report file"),
        (
            SimpleUploadedFile("z.json", b" " * (MAX_UPLOAD_BYTES + 1)),
            "z.json: the file is larger than 2 MB.",
        ),
    ],
)
def test_state_upload_refuses_bad_files_and_stores_nothing(reviewer, upload, message):
    response = reviewer.post("/state/upload/", {"files": [_json("a.json", A), upload]})
    assert response.status_code == 400
    page = response.content.decode()
    # The German UI: the messages are translated; the file name is always in them.
    assert upload.name in page
    assert 'aria-describedby="state-files-error"' in page
    assert StateSubmission.objects.count() == 0
    assert not AuditEvent.objects.filter(event_type=EventType.STATE_REPORT_UPLOADED.value)


def test_state_upload_refuses_the_same_municipality_twice(reviewer):
    response = reviewer.post("/state/upload/", {"files": [_json("a.json", A), _json("b.json", A)]})
    assert response.status_code == 400
    assert StateSubmission.objects.count() == 0


def test_state_upload_without_files_is_an_error(reviewer):
    assert reviewer.post("/state/upload/", {}).status_code == 400


def test_state_figures_view_and_download_are_audited(reviewer):
    reviewer.post("/state/upload/", {"files": [_json("a.json", A), _json("b.json", B)]})
    reviewer.get("/state/2026-Q3/")
    response = reviewer.get("/state/2026-Q3/demo_table.csv")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "≥ 7" in text
    assert "128" in text
    assert reviewer.get("/state/2026-Q3/demo_table.xlsx").status_code == 200
    events = AuditEvent.objects.filter(event_type=EventType.STATE_FIGURES_VIEWED.value)
    assert [(e.context["table"], e.context["format"]) for e in events.order_by("occurred_at")] == [
        ("", ""),
        ("demo_table", "csv"),
        ("demo_table", "xlsx"),
    ]


def test_state_figures_of_an_unknown_period_or_table_are_not_found(reviewer):
    reviewer.post("/state/upload/", {"files": [_json("a.json", A)]})
    assert reviewer.get("/state/2026-Q4/").status_code == 404
    assert reviewer.get("/state/Q4-2026/").status_code == 404
    assert reviewer.get("/state/2026-Q3/nothing.csv").status_code == 404
    assert reviewer.get("/state/2026-Q3/demo_table.pdf").status_code == 404


def test_state_file_download_for_the_coordinator_is_audited(state_data, client):
    coordinator = make_user(Role.COORDINATOR, state_data["municipality"])
    client.force_login(coordinator)
    response = client.get("/reports/state-file/", {"period": "2026-Q3", "format": "json"})
    assert response.status_code == 200
    assert "05999000-2026-Q3.json" in response["Content-Disposition"]
    assert json.loads(response.content)["municipality"]["official_key"] == "05999000"
    event = AuditEvent.objects.get(event_type=EventType.STATE_REPORT_WRITTEN.value)
    assert event.actor == coordinator
    assert client.get("/reports/state-file/", {"period": "2026-Q9"}).status_code == 400


@pytest.mark.parametrize("count", [1, 3])
def test_state_overview_queries_do_not_grow_with_files(reviewer, django_assert_num_queries, count):
    for n in range(count):
        StateSubmission.objects.create(
            official_key=f"0511{n}000", municipality_name=f"Stadt {n}", period="2026-Q3", data=A
        )
    reviewer.get("/state/")  # the session and the user are cached after the first request
    with django_assert_num_queries(7):
        response = reviewer.get("/state/")
    assert response.status_code == 200
    assert response.content.decode().count("(0511") == count
