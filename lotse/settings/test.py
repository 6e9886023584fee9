"""Settings for the test suite: the production settings with fast hashing and plain HTTP."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

# A fixed key, so parallel test workers do not race to create var/secret_key.
os.environ.setdefault("SECRET_KEY", "test-only-key-" + "x" * 50)

from lotse.settings import *  # noqa: F403

SECURE_SSL_REDIRECT = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LANGUAGE_COOKIE_SECURE = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LOTSE_DEMO_ALLOWED = True
# Static files straight from the apps, no collectstatic needed for the browser tests.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not shared memory: parallel writers then wait for each other as in
    # production instead of failing with "table is locked".
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-lotse.sqlite3")}  # noqa: F405
    DATABASES["default"]["OPTIONS"]["timeout"] = 20  # noqa: F405

# Uploaded scans go to a throwaway directory per test process, removed when it exits (a
# forked process ends without running this). It is made by the first upload, not here:
# other programs load these settings too (mypy's Django plugin) and end without running
# the removal.
_process = f"{os.getpid()}-{os.urandom(4).hex()}"
PRIVATE_FILES_ROOT = Path(tempfile.gettempdir()) / f"lotse-private-{_process}"
atexit.register(shutil.rmtree, PRIVATE_FILES_ROOT, ignore_errors=True)
# Background tasks run at once, in the caller's thread and transaction; the tests of the queue
# itself switch to the database backend and run the worker.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
