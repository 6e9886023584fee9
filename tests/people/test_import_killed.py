"""An import killed in the middle of writing leaves the database exactly as before."""

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from lotse.accounts.enums import Role
from lotse.audit.models import AuditEvent
from lotse.people import imports
from lotse.people.models import Household, Person, PersonSource
from tests.factories import make_user

ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    settings = connection.settings_dict
    return (
        f"postgres://{quote(settings['USER'])}:{quote(settings['PASSWORD'] or '')}"
        f"@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    )


def _state():
    return (
        Person.objects.count(),
        PersonSource.objects.count(),
        Household.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.django_db(transaction=True)
def test_sigkill_during_the_write_leaves_the_database_unchanged(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs a database another process can write to while we watch")
    manager = make_user(Role.CASE_MANAGER)
    municipality = manager.membership.municipality
    rows = [";".join(imports.COLUMNS)]
    rows += [
        f"alt;{n};Given{n};Family{n};;1980-01-01;;;Weg {n};47051;Duisburg;" for n in range(40_000)
    ]
    path = tmp_path / "persons.csv"
    path.write_text("\n".join(rows), encoding="utf-8")
    before = _state()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lotse.settings.test",
        "DATABASE_URL": _database_url(),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "lotse",
            "import-persons",
            str(path),
            "--municipality",
            municipality.slug,
            "--language",
            "en",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    killer = threading.Timer(300, process.kill)  # never hang the suite
    killer.start()
    try:
        assert process.stderr is not None
        phases = []
        for line in process.stderr:
            phases.append(line.split(":")[0])
            if line.startswith("Saving: 2000 "):  # the first 2,000 persons are written
                process.send_signal(signal.SIGKILL)
                break
        process.wait(timeout=60)
    finally:
        killer.cancel()
        if process.stderr is not None:
            process.stderr.close()
    assert process.returncode == -signal.SIGKILL, phases[-5:]
    assert "Saving" in phases
    assert _state() == before
