"""The import of this tree against an earlier commit, in alternating pairs.

    .venv/bin/python bench/import_pairs.py --base REV [--rounds 10] [--rows 20000]
        [--municipality duisburg] [--empty-municipality wuppertal]
        [--migrants kept-migrants]

Uses the database of DATABASE_URL (PostgreSQL, filled with bench/generate.py). On a
machine whose speed wanders (the same import of 20,000 rows has taken 3,700 and 5,700 rows/s
within minutes here), only figures measured side by side can be compared: each round runs
the rolled-back import of ``bench/people.py`` (the same invented rows, the name caches
empty, with the checks of a commit) once with the code of REV and once with this tree,
each in a fresh process, one then the other (REV first in the odd rounds, this tree first
in the even ones). REV is checked out into a temporary worktree and removed at the end; its
``bench/people.py`` must have ``rolled_back_import``.

With ``--migrants SLUG`` the realistic file of ``bench/import_migrants.py`` (its 20,000 rows
of seed 7, half of them known persons in another spelling) is imported into SLUG, which
holds that bench's known persons (run it once with ``--keep-known --municipality SLUG``),
instead of the invented rows.

Prints each run (rows per second, wall time, and the processor time of the importing
process, of the forked matcher and of the database server's processes) and, per
municipality, the medians and in how many pairs this tree was faster.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(root: Path, municipality: str, rows: int, seed: int) -> dict[str, float]:
    """One import in a fresh process with the code of ``root``; a negative ``seed``: the
    realistic file."""
    output = subprocess.run(
        [sys.executable, __file__, "--child", str(root), municipality, str(rows), str(seed)],
        check=True,
        capture_output=True,
        text=True,
        cwd=root,
    ).stdout
    result: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    return result


def child(root: str, slug: str, rows: int, seed: int) -> None:
    """In the fresh process: import with the code of ``root`` and print the figures."""
    sys.path[:0] = [root, str(Path(root) / "bench")]  # before the installed tree
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")
    import django

    django.setup()
    import people  # bench/people.py of ``root``
    from django.db import connection

    from lotse.tenancy.models import Municipality

    municipality = Municipality.objects.get(slug=slug)
    if seed < 0:
        import import_migrants

        from lotse.people.models import PersonSource

        known = PersonSource.objects.filter(municipality=municipality, source="kim").count()
        _known, again, new = import_migrants._rows(known, rows, 7)
        data = import_migrants._file(
            [import_migrants._line("jobcenter", row.person, row) for row in again + new]
        )
    else:
        data = people.import_file(random.Random(seed), rows)  # noqa: S311  (benchmark data)
    people.forget_names()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    before, database = os.times(), _database_cpu(backend)
    seconds = people.rolled_back_import(municipality, data)
    after = os.times()
    print(
        json.dumps(
            {
                "rows_per_second": rows / seconds,
                "seconds": seconds,
                "importing": after.user + after.system - before.user - before.system,
                "matcher": after.children_user
                + after.children_system
                - before.children_user
                - before.children_system,
                "database": _database_cpu(backend) - database,
            }
        )
    )


def _database_cpu(backend: int) -> float:
    """Processor seconds of the database server on this machine: every process of the
    server that runs ``backend`` (the import's connection, the matcher's own, the server's
    own such as the WAL writer and autovacuum), those that have ended included. The
    server is the benchmark's alone; the vacuum before each import is counted, as it was
    when only the import's connection was."""
    server = int(_stat(backend)[1])  # the backend's parent
    fields = _stat(server)
    ticks = int(fields[13]) + int(fields[14])  # of its ended processes
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = _stat(int(entry.name))
            except OSError:  # ended meanwhile
                continue
            if int(fields[1]) == server:
                ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str]:
    """The fields of a process's ``/proc/PID/stat`` after its name: state, parent, …"""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        root, slug, rows, seed = sys.argv[2:6]
        child(root, slug, int(rows), int(seed))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the commit to compare with")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--municipality", default="duisburg")
    parser.add_argument("--empty-municipality", help="also import into this one (no persons)")
    parser.add_argument(
        "--migrants", help="also import the realistic file into this one (its known persons)"
    )
    args = parser.parse_args()
    slugs = [args.municipality, *([args.empty_municipality] if args.empty_municipality else [])]
    if args.migrants:
        slugs.append(args.migrants)
    with tempfile.TemporaryDirectory(prefix="lotse-base-") as scratch:
        base = Path(scratch) / "tree"
        subprocess.run(
            ["git", "worktree", "add", "--detach", "--quiet", str(base), args.base],  # noqa: S607
            check=True,
            cwd=ROOT,
        )
        try:
            runs = _rounds(base, slugs, args.rounds, args.rows, args.migrants)
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(base)],  # noqa: S607
                check=True,
                cwd=ROOT,
            )
    _summary(runs, args.base)


def _rounds(
    base: Path, slugs: list[str], rounds: int, rows: int, migrants: str | None = None
) -> dict[tuple[str, str], list[dict[str, float]]]:
    runs: dict[tuple[str, str], list[dict[str, float]]] = {}
    for number in range(rounds):
        for slug in slugs:
            sides = (("base", base), ("this", ROOT))
            # Which runs first alternates, so that neither side always follows the other.
            for side, root in sides if number % 2 == 0 else reversed(sides):
                seed = -1 if slug == migrants else number
                result = _run(root, slug, rows, seed=seed)
                runs.setdefault((slug, side), []).append(result)
                print(
                    f"{number + 1:3d} {slug:12s} {side:4s} {result['rows_per_second']:6.0f} rows/s"
                    f"  {result['seconds']:5.2f} s  processor: importing {result['importing']:.2f}"
                    f" s, matcher {result['matcher']:.2f} s, database {result['database']:.2f} s",
                    flush=True,
                )
    return runs


def _summary(runs: dict[tuple[str, str], list[dict[str, float]]], base: str) -> None:
    for slug in dict.fromkeys(slug for slug, _side in runs):
        before, after = runs[(slug, "base")], runs[(slug, "this")]
        faster = sum(
            a["rows_per_second"] > b["rows_per_second"] for a, b in zip(after, before, strict=True)
        )
        print(f"{slug}: this tree faster in {faster} of {len(after)} pairs")
        for side, results in ((base, before), ("this tree", after)):
            medians = {
                key: statistics.median(result[key] for result in results) for key in results[0]
            }
            print(
                f"  {side:10s} median {medians['rows_per_second']:6.0f} rows/s"
                f" ({min(r['rows_per_second'] for r in results):.0f}"
                f"–{max(r['rows_per_second'] for r in results):.0f});"
                f" processor: importing {medians['importing']:.2f} s,"
                f" matcher {medians['matcher']:.2f} s, database {medians['database']:.2f} s"
            )


if __name__ == "__main__":
    main()
