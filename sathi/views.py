"""Error pages in the user's language. They say what happened, never echo what was sent."""

from django.conf import settings
from django.shortcuts import render


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def forbidden(request, exception=None):
    return render(request, "errors/403.html", status=403)


def not_found(request, exception=None):
    response = render(request, "errors/404.html", status=404)
    response.sathi_page = True
    return response


class OwnNotFoundMiddleware:
    """Sathi's own 404 page in every mode. With debug on, Django answers a missing page with its technical
    page, which lists every URL pattern and has no quick exit: a record one may not see (404, never 403)
    must look the same in the demo as in production. Last in MIDDLEWARE, so the page gets the same
    headers (Content-Security-Policy, no-store) as any other; JSON answers (the API's) are left alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and not getattr(response, "sathi_page", False)
            and response.get("Content-Type", "").startswith("text/html")
        ):
            return not_found(request)
        return response


def server_error(request):
    return render(request, "errors/500.html", status=500)


def csrf_failure(request, reason=""):
    """A form that expired or came from elsewhere. The reason is not shown: it helps no worker."""
    return render(request, "errors/csrf.html", status=403)
