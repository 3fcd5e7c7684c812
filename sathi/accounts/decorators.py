"""View guards: signed in, second factor verified, acting in an organisation, in an allowed role."""

from __future__ import annotations

import time
from functools import wraps

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

SESSION_SUDO = "sathi_sudo_until"


def _next(request) -> str:
    return urlencode({"next": request.get_full_path()})


def actor_required(*roles: str):
    """The view gets request.actor (a Membership). Roles, if given, limit who may use it (403 otherwise)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect(reverse("accounts:login") + "?" + _next(request))
            if not request.user.is_verified():
                return redirect(reverse("accounts:second-factor") + "?" + _next(request))
            if request.actor is None:
                return redirect(reverse("accounts:choose-organisation") + "?" + _next(request))
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
            return redirect(reverse("accounts:confirm") + "?" + urlencode({"next": target}))
        return view(request, *args, **kwargs)

    return wrapper


def _local_path(target: str) -> str:
    """Only the path of a URL: a redirect never leaves this site."""
    from urllib.parse import urlsplit

    parts = urlsplit(target)
    if not parts.path.startswith("/") or parts.path.startswith("//"):
        return ""
    return parts.path + (("?" + parts.query) if parts.query else "")
