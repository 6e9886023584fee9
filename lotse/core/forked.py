"""Computing in a forked process while the caller goes on (the second core of a worker).

The forked process inherits the caller's memory (records, arrays) and computes; what it
reads from the database it reads over a connection of its own. It lets go of its copies
of the caller's database sockets at once, without a word to the database: the caller's
connections stay intact, and a caller killed in a transaction (an import) is seen by the
database as gone, its transaction rolled back, while the process still computes. The
process ends when its caller ends, and without the caller's clean-up (as
``multiprocessing`` ends a forked process). Its result comes back through a pipe. Where a
process cannot be forked, or has died, the caller computes the result itself.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.db import connections

logger = logging.getLogger(__name__)

T = TypeVar("T")

_computing = False  # in a forked computing process
_may_fork = False  # and it may fork computing processes of its own (``Forked(forks=True)``)


def possible() -> bool:
    """Whether this process may fork a computing process: where the system can fork, and
    not from a process with other threads (a threaded web server): a fork copies only the
    calling thread, and a lock another thread held would stay locked in the copy. Nor from
    a computing process itself, which shares the cores with its caller, unless its caller
    let it (``Forked(forks=True)``: the caller soon only waits for the result); the thread
    that ends it with its caller (``_end_with_caller``) holds no lock while it waits."""
    own_threads = 2 if _computing else 1
    return (
        (not _computing or _may_fork)
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == own_threads
    )


class Forked(Generic[T]):
    """``function(*args)`` computing in a forked process from the moment this is made;
    ``result`` waits for it. Only where ``possible``. With ``forks``, the process may fork
    computing processes of its own (``possible``), one level deep: for a caller that soon
    has nothing to do but wait, so that the work may take its core."""

    def __init__(self, function: Callable[..., T], *args: Any, forks: bool = False) -> None:
        self.function = function
        self.args = args
        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)
        # A daemonic process may not have children (``multiprocessing``): one that may fork
        # is not one, and ends with its caller all the same (``_end_with_caller``).
        self._process = context.Process(
            target=_compute,
            args=(self._receiver, sender, function, args, forks),
            daemon=not forks,
        )
        self._process.start()
        sender.close()

    def result(self) -> T:
        """The result of the process; computed here if the process failed or died."""
        try:
            status, result = self._receiver.recv()
        except EOFError:  # the process died (e.g. out of memory)
            status, result = "died", None
        self._receiver.close()
        self._process.join()
        if status == "done":
            return result
        logger.warning("A computing process failed (%s); its work is done here.", result or status)
        return self.function(*self.args)

    def cancel(self) -> None:
        """Stop the process (the caller failed and needs no result)."""
        self._process.kill()
        self._process.join()
        self._receiver.close()


class Later(Generic[T]):
    """A value a forked process receives after it was forked: the caller goes on working
    out what the process needs while the process prepares (reads what does not depend on
    it). In the forked process, ``listen`` takes the value in as soon as it is sent (so
    that the caller's ``send`` does not wait for a busy process) and ``get`` waits for it;
    in the caller (a ``Forked`` whose process failed computes its result there) both use
    the value the caller sent."""

    _unsent: Any = object()

    def __init__(self) -> None:
        self._receiver, self._sender = multiprocessing.get_context("fork").Pipe(duplex=False)
        self._value: Any = self._unsent
        self._listening: threading.Thread | None = None

    def send(self, value: T) -> None:
        """Send ``value`` (once) to the forked process, made before. Kept here as well: if
        the process has died, nobody reads it (the caller computes the result itself)."""
        self._value = value
        self._receiver.close()  # the forked process's end: a write to no reader fails
        with contextlib.suppress(BrokenPipeError):
            self._sender.send(value)
        self._sender.close()

    def listen(self) -> None:
        """In the forked process: take the value in, in a thread, once it is sent."""
        if self._value is self._unsent:
            self._sender.close()  # the caller's end: its copy here would never say EOF
            self._listening = threading.Thread(target=self._receive, daemon=True)
            self._listening.start()

    def _receive(self) -> None:
        with contextlib.suppress(EOFError):  # the caller closed without sending
            self._value = self._receiver.recv()
        self._receiver.close()

    def get(self) -> T:
        """The value sent: received in the forked process, or kept (the caller)."""
        if self._listening is not None:
            self._listening.join()  # ended: the thread is no reason not to fork later
            self._listening = None
        if self._value is self._unsent:
            raise EOFError("nothing was sent")
        value: T = self._value
        return value


def _compute(
    receiver: Any, sender: Any, function: Callable[..., Any], args: tuple[Any, ...], forks: bool
) -> None:
    """In the forked process: compute, send the result (or what failed) back."""
    global _computing, _may_fork  # noqa: PLW0603  (this process's own copies)
    _may_fork = forks and not _computing  # one level deep
    _computing = True
    # The caller's end of the pipe: held here, a result larger than the pipe holds would
    # wait for a reader forever once the caller is gone.
    receiver.close()
    _close_database_sockets()
    threading.Thread(target=_end_with_caller, daemon=True).start()
    try:
        sender.send(("done", function(*args)))
    except Exception as error:  # reported to the caller, which computes the result itself
        sender.send(("failed", type(error).__name__))
    finally:
        sender.close()


def _close_database_sockets() -> None:
    """Release this process's copies of the caller's database sockets, sending nothing:
    the caller's sessions go on, and end when the caller ends. Each descriptor is pointed
    at the null device rather than closed, so that its number is not given to a file of
    this process (a pipe) that a later close of the socket would close instead."""
    null = os.open(os.devnull, os.O_RDWR)
    try:
        for connection in connections.all(initialized_only=True):
            raw = connection.connection
            fileno = getattr(raw, "fileno", None)  # psycopg: the socket; SQLite: none
            if fileno is not None:
                os.dup2(null, fileno())
    finally:
        os.close(null)


def _end_with_caller() -> None:
    """End this process when the caller has ended (killed, say): nobody wants the result."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        parent.join()
        os._exit(1)
