"""Run a command against a throwaway PostgreSQL cluster.

    python -m lotse.devtools.pgcluster -- pytest ...

creates a cluster with ``initdb`` in a temporary directory, starts it with ``pg_ctl`` on a
free loopback port, exports ``DATABASE_URL`` for the command, and removes everything
afterwards, whatever the command's outcome. PostgreSQL refuses to run as root, so under
root the cluster runs as the ``postgres`` system user (or ``nobody``).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

BIN_CANDIDATES = (
    "/usr/lib/postgresql/17/bin",
    "/usr/lib/postgresql/16/bin",
    "/usr/lib/postgresql/15/bin",
)


def _binary(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for directory in BIN_CANDIDATES:
        candidate = Path(directory) / name
        if candidate.exists():
            return str(candidate)
    raise SystemExit(f"{name} not found: install PostgreSQL (apt-get install postgresql)")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run_as() -> tuple[list[str], int | None, int | None]:
    if os.geteuid() != 0:
        return [], None, None
    for name in ("postgres", "nobody"):
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        return ["runuser", "-u", name, "--"], entry.pw_uid, entry.pw_gid
    raise SystemExit("running as root and neither a 'postgres' nor a 'nobody' user exists")


@contextlib.contextmanager
def cluster() -> Iterator[str]:
    """A running throwaway cluster; yields its DATABASE_URL."""
    prefix, uid, gid = _run_as()
    base = Path(tempfile.mkdtemp(prefix="lotse-pg-"))
    data, sockets = base / "data", base / "sockets"
    sockets.mkdir()
    if uid is not None and gid is not None:
        base.chmod(0o755)
        for path in (base, sockets):
            os.chown(path, uid, gid)
    port = _free_port()
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    log = base / "server.log"
    try:
        subprocess.run(
            [
                *prefix,
                _binary("initdb"),
                "-D",
                str(data),
                "-U",
                "lotse",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        options = (
            f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        subprocess.run(
            [
                *prefix,
                _binary("pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(log),
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "start",
            ],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        subprocess.run(
            [
                *prefix,
                _binary("createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                "lotse",
                "lotse",
            ],
            check=True,
            env=env,
        )
        yield f"postgres://lotse@127.0.0.1:{port}/lotse"
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(
                [*prefix, _binary("pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                check=False,
                env=env,
                stdout=subprocess.DEVNULL,
            )
        shutil.rmtree(base, ignore_errors=True)


def main(argv: Sequence[str]) -> int:
    args = list(argv)
    if args and args[0] == "--":
        args = args[1:]
    if not args:
        print("usage: python -m lotse.devtools.pgcluster -- COMMAND [ARG...]", file=sys.stderr)  # noqa: T201
        return 2
    with cluster() as url:
        print(f"PostgreSQL test cluster at {url}", file=sys.stderr)  # noqa: T201
        return subprocess.call(args, env={**os.environ, "DATABASE_URL": url})


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
