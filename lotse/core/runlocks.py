"""Locks that a worker holds while it runs a job, so that any other process can tell a job
that is running from one whose worker died.

What holds the lock is released however the process ends (a stop, SIGKILL, the kernel's
out-of-memory killer): on PostgreSQL an advisory lock of the worker's database session
(the server drops it with the connection), on SQLite (one machine) a file lock in the
variable directory (the kernel drops it with the process). A job marked as running whose
lock is free has lost its worker.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import DatabaseError
from django.db import connection as default_connection


class RunLock:
    """The lock of one job, ``name`` a stable text (e.g. "person-import-<id>"). ``using``: the
    database connection that holds it on PostgreSQL (the default connection)."""

    def __init__(self, name: str, using: Any = None) -> None:
        self.name = name
        self.connection = using if using is not None else default_connection
        self._file: IO[bytes] | None = None
        self._key = int.from_bytes(
            hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True
        )

    def acquire(self, *, wait: bool = True) -> bool:
        """Take the lock; without ``wait`` only if it is free. Whether it was taken."""
        if self.connection.vendor == "postgresql":
            function = "pg_advisory_lock" if wait else "pg_try_advisory_lock"
            with self.connection.cursor() as cursor:
                cursor.execute(f"SELECT {function}(%s)", [self._key])
                row = cursor.fetchone()
            return wait or bool(row and row[0])
        path = self._path()
        path.parent.mkdir(parents=True, exist_ok=True)
        file = path.open("ab")
        try:
            fcntl.flock(file, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            file.close()
            return False
        self._file = file
        return True

    def release(self) -> None:
        if self.connection.vendor == "postgresql":
            with self.connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [self._key])
            return
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None

    def forget(self) -> None:
        """Remove the lock's file (SQLite) once no process will take the lock again."""
        if self.connection.vendor != "postgresql":
            with contextlib.suppress(FileNotFoundError):
                self._path().unlink()

    def _path(self) -> Path:
        return Path(settings.VAR_DIR) / "locks" / f"{self.name}.lock"

    def __enter__(self) -> RunLock:
        self.acquire()
        return self

    def __exit__(self, exc_type: object, *exc_info: object) -> None:
        try:
            self.release()
        except DatabaseError:
            if exc_type is None:
                raise
            # The session is gone with its lock; the error that ended the job matters.
