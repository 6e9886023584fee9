"""Settings for the test suite: the production settings with fast hashing and plain HTTP."""

import os

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
