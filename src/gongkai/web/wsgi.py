"""WSGI entry point: ``gongkai.web.wsgi:application`` — served by ``gongkai serve`` (waitress, see docs/deploy.md) or any WSGI server."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
application = get_wsgi_application()
