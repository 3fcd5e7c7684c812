"""Error pages in the user's language. They say what happened, never echo what was sent."""

from django.shortcuts import render


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def forbidden(request, exception=None):
    return render(request, "errors/403.html", status=403)


def not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    return render(request, "errors/500.html", status=500)


def csrf_failure(request, reason=""):
    """A form that expired or came from elsewhere. The reason is not shown: it helps no worker."""
    return render(request, "errors/csrf.html", status=403)
