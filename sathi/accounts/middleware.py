from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from sathi.accounts.models import Membership

SESSION_STARTED = "sathi_started"
SESSION_SEEN = "sathi_seen"
SESSION_MEMBERSHIP = "sathi_membership"
# Last activity is recorded to the minute, not on every request: a write per page view is a row update and a
# commit (lock waits for a worker whose browser loads several things at once) for an idle limit counted in
# minutes. The lag only ever ends a session earlier, never later.
SEEN_RESOLUTION_SECONDS = 60


class SessionLifetimeMiddleware:
    """Idle timeout and absolute lifetime, enforced on the server: an expired session is deleted."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.get(SESSION_STARTED, now)
            seen = request.session.get(SESSION_SEEN, now)
            if (
                now - seen > settings.SATHI_SESSION_IDLE_SECONDS
                or now - started > settings.SATHI_SESSION_MAX_SECONDS
            ):
                logout(request)
                return redirect(reverse("accounts:login") + "?expired=1")
            if SESSION_STARTED not in request.session:
                request.session[SESSION_STARTED] = started
            if SESSION_SEEN not in request.session or now - seen >= SEEN_RESOLUTION_SECONDS:
                request.session[SESSION_SEEN] = now
        return self.get_response(request)


class ActiveMembershipMiddleware:
    """Puts the membership the user acts in (request.actor) on the request, or None."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.actor = None
        request.other_memberships = []
        if request.user.is_authenticated:
            # One query for all of them: the actor, and the others the header offers to switch to.
            memberships = list(
                Membership.objects.filter(user=request.user, is_active=True)
                .select_related("organisation")
                .order_by("pk")
            )
            membership_id = request.session.get(SESSION_MEMBERSHIP)
            if membership_id:
                request.actor = next((m for m in memberships if m.pk == membership_id), None)
            if request.actor is None and len(memberships) == 1:
                request.actor = memberships[0]
                request.session[SESSION_MEMBERSHIP] = memberships[0].pk
            if request.actor is not None:
                request.other_memberships = [m for m in memberships if m.pk != request.actor.pk]
        return self.get_response(request)


class NoStoreMiddleware:
    """No page is ever stored by the browser or any cache: the back button must reveal nothing.

    Every page, not only signed-in ones: a login page stored with a typed username is a leak too.
    Static files are served outside this middleware and stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
        return response
