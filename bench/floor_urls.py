"""The app's URLs plus bare views: the floors for page and API timings (same server, same middleware).

Only the benchmark's settings (ROOT_URLCONF="floor_urls") reach them; the application never routes here.
"""

from django.http import HttpResponse
from django.urls import path

from sathi.accounts.decorators import actor_required
from sathi.api.auth import TokenAuth
from sathi.urls import urlpatterns as app_urlpatterns


@actor_required()
def floor(request):
    """Signed in (session, second factor, organisation chosen) and nothing else."""
    return HttpResponse("ok", content_type="text/plain")


def floor_api(request):
    """The API's own bearer-token check, and nothing else."""
    if TokenAuth()(request) is None:
        return HttpResponse("unauthenticated", status=401, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/floor/", floor, name="bench-floor"),
    path("bench/floor-api/", floor_api, name="bench-floor-api"),
    *app_urlpatterns,
]

handler400 = "sathi.views.bad_request"
handler403 = "sathi.views.forbidden"
handler404 = "sathi.views.not_found"
handler500 = "sathi.views.server_error"
