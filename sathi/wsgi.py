import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sathi.settings")
try:
    application = get_wsgi_application()
except ImproperlyConfigured as exc:
    # gunicorn prints a RuntimeError as one plain line and exits, where it would print a traceback.
    raise RuntimeError(f"Sathi refuses to start: {exc}") from None
