"""Work that outlives a request (a long import), run beside the web process.

A small in-process executor: one worker thread per process, so a long import does not hold
a request and the page can show its progress. Its limits: work is lost if the process
stops (an import is all or nothing, so the database stays as it was and the job shows as
interrupted), and progress is seen by requests to the same process. See
docs/decisions/0013-background-work.md. With ``LOTSE_BACKGROUND_INLINE`` (the unit tests)
the work runs at once, in the caller's thread and transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connections

logger = logging.getLogger(__name__)
_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lotse-background")


def _run(function: Callable[..., Any], args: tuple[Any, ...]) -> Any:
    close_old_connections()
    try:
        return function(*args)
    except Exception:
        logger.exception("background work failed: %s", function.__qualname__)
        raise
    finally:
        connections.close_all()


def submit(function: Callable[..., Any], *args: Any) -> Future[Any] | None:
    """Run ``function(*args)`` in the background (or at once with LOTSE_BACKGROUND_INLINE)."""
    if getattr(settings, "LOTSE_BACKGROUND_INLINE", False):
        function(*args)
        return None
    return _executor.submit(_run, function, args)
