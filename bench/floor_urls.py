"""The app's URLs plus one bare view: the floor for page timings (same Client, same middleware)."""

from django.http import HttpResponse
from django.urls import path

from sathi.urls import urlpatterns as app_urlpatterns


def floor(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/floor/", floor, name="bench-floor"), *app_urlpatterns]

handler400 = "sathi.views.bad_request"
handler403 = "sathi.views.forbidden"
handler404 = "sathi.views.not_found"
handler500 = "sathi.views.server_error"
