"""WSGI entry point for production servers (e.g. `gunicorn lotse.wsgi`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.settings")
application = get_wsgi_application()
