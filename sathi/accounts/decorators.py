"""View guards: signed in, second factor verified, acting in an organisation, in an allowed role."""

from __future__ import annotations

import time
from functools import wraps

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

SESSION_SUDO = "sathi_sudo_until"
SESSION_NEXT = "sathi_next"


def remember_destination(request, path: str | None = None) -> None:
    """Where to go once signed in (or confirmed), kept in the session and never put in the URL as ?next=:
    a path can name a record (/people/<id>/), and a URL stays in the browser's history after a quick exit."""
    request.session[SESSION_NEXT] = path if path is not None else request.get_full_path()


def actor_required(*roles: str):
    """The view gets request.actor (a Membership). Roles, if given, limit who may use it (403 otherwise)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated or not request.user.is_verified() or request.actor is None:
                if request.method == "GET":
                    remember_destination(request)
                if not request.user.is_authenticated:
                    return redirect("accounts:login")
                if not request.user.is_verified():
                    return redirect("accounts:second-factor")
                return redirect("accounts:choose-organisation")
            if roles and request.actor.role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def sudo_active(request) -> bool:
    return request.session.get(SESSION_SUDO, 0) > time.time()


def grant_sudo(request) -> None:
    request.session[SESSION_SUDO] = int(time.time()) + settings.SATHI_SUDO_SECONDS


def require_sudo(view):
    """Destructive and bulk actions ask for the password and a code again (re-authentication)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not sudo_active(request):
            # After confirming, a GET goes on to its page; a refused POST goes back to the form it came from.
            if request.method == "GET":
                target = request.get_full_path()
            else:
                target = _local_path(request.META.get("HTTP_REFERER", "")) or "/"
            remember_destination(request, target)
            return redirect(reverse("accounts:confirm"))
        return view(request, *args, **kwargs)

    return wrapper


def _local_path(target: str) -> str:
    """Only the path of a URL: a redirect never leaves this site."""
    from urllib.parse import urlsplit

    parts = urlsplit(target)
    if not parts.path.startswith("/") or parts.path.startswith("//"):
        return ""
    return parts.path + (("?" + parts.query) if parts.query else "")
