"""WSGI entry point, served by gunicorn (``sciezka serve``, ``sciezka demo``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sciezka.config.settings")
application = get_wsgi_application()
