"""One JSON log line per request, carrying nothing personal.

Logged: the method, the route pattern that answered (`people/<str:code>/`, never the path with its values),
the status and the time taken. Never the query string, the body, headers, cookies or the client's address:
a name typed into a search or the address of a worker's phone is exactly what must not reach a log.
"""

import logging
import time

from django.conf import settings

logger = logging.getLogger("sathi.request")

# The one log format, for Django's loggers (settings.LOGGING) and gunicorn's (gunicorn.conf.py): a JSON
# object per line with a UTC ISO 8601 timestamp.
JSON_FORMATTER = {
    "()": "pythonjsonlogger.json.JsonFormatter",
    "fmt": "%(levelname)s %(name)s %(message)s",
    "rename_fields": {"levelname": "level", "name": "logger"},
    "timestamp": True,
}


def _route(request) -> str | None:
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match.route
    if request.path.startswith(settings.STATIC_URL):
        return "static"
    return None  # nothing matched: the path itself is whatever the client sent


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        logger.info(
            "request",
            extra={
                "method": request.method[:10],
                "route": _route(request),
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return response
