"""The web import through the task queue: what the queue costs, and what another process sees.

    .venv/bin/python bench/import_queue.py [--rows 20000] [--municipality duisburg]

Uses the database of DATABASE_URL (filled with bench/generate.py, or only the demo). Writes
invented persons (source "queue-bench") into it: run it on a throwaway database. Prints:

- the import of --rows invented records called directly (``people.imports.import_persons``,
  as ``lotse import-persons`` does; in a transaction that is rolled back);
- the same file through the queue: ``people.import_jobs.start_person_import`` as the page
  calls it, run by a ``lotse db_worker`` process started beforehand, while this process
  reads the job row every 100 ms as a web process polling the page would: the wait until the
  worker starts it, the time until its outcome, and the progress figures seen per phase.
  With --queue-first the queued import runs first and the direct one imports other rows.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from people import import_file, rolled_back_import  # noqa: E402  (bench/people.py)


def _file(rows: int) -> bytes:
    # New names and ids on every run, so that a second run imports new persons as well.
    run = time.time_ns()
    rng = random.Random(run)  # noqa: S311  (benchmark data)
    return import_file(rng, rows, source=f"queue-bench-{run % 10**6}")


def bench_direct(municipality, data: bytes, rows: int) -> None:  # type: ignore[no-untyped-def]
    elapsed = rolled_back_import(municipality, data)
    print(f"direct: {elapsed:.1f} s, {rows / elapsed:.0f} rows/s (rolled back)")


def bench_queue(admin, data: bytes, rows: int) -> None:  # type: ignore[no-untyped-def]
    from lotse.people import import_jobs
    from lotse.people.models import PersonImport

    log = tempfile.NamedTemporaryFile(prefix="lotse-worker-", suffix=".log")  # noqa: SIM115
    worker = subprocess.Popen(
        [sys.executable, "-m", "lotse", "db_worker", "--no-reload", "--no-startup-delay"],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        while b"Starting worker" not in Path(log.name).read_bytes():  # up and polling
            if worker.poll() is not None:
                raise SystemExit(Path(log.name).read_text())
            time.sleep(0.1)
        enqueued = time.perf_counter()
        job = import_jobs.start_person_import(
            acting_user=admin,
            municipality=admin.membership.municipality,
            filename="bench.csv",
            data=data,
        )
        started = None
        seen: list[tuple[str, int, int]] = []
        while True:
            current = PersonImport.objects.get(pk=job.pk)
            if started is None and current.status != "queued":
                started = time.perf_counter()
            state = import_jobs.progress_of(current)
            if current.status == "running" and (not seen or seen[-1] != state):
                seen.append(state)
            if current.finished:
                break
            if time.perf_counter() - enqueued > 3600:
                raise SystemExit("no outcome after an hour")
            time.sleep(0.1)
        finished = time.perf_counter()
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)
        log.close()
    if started is None:
        raise SystemExit("the job never started")
    print(
        f"queue: {current.status}, waited {started - enqueued:.2f} s for the worker, outcome "
        f"after {finished - enqueued:.1f} s ({rows / (finished - started):.0f} rows/s from start)"
    )
    phases = Counter(phase for phase, _done, _total in seen)
    last = {phase: f"{done}/{total}" for phase, done, total in seen}
    print(
        "progress states seen by another process: "
        + ", ".join(f"{phase} {phases[phase]} (last {last[phase]})" for phase in phases)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--municipality", default="duisburg")
    parser.add_argument("--queue-first", action="store_true", help="the queued import first")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")
    import django

    django.setup()
    from django.db import connection

    from lotse.accounts.models import User
    from lotse.people.models import Person
    from lotse.tenancy.models import Municipality

    municipality = Municipality.objects.get(slug=args.municipality)
    admin = User.objects.get(username=f"admin.{municipality.slug}")
    persons = Person.objects.filter(municipality=municipality).count()
    print(f"{connection.vendor}, {persons} persons in {municipality.slug}, {args.rows} rows")
    data = _file(args.rows)
    if args.queue_first:
        bench_queue(admin, data, args.rows)
        bench_direct(municipality, _file(args.rows), args.rows)
    else:
        bench_direct(municipality, data, args.rows)
        bench_queue(admin, data, args.rows)


if __name__ == "__main__":
    main()
