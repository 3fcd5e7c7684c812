from django.urls import include, path
from django.views.i18n import set_language

from sathi import glossary, health
from sathi.accounts import views as account_views
from sathi.api.api import api

urlpatterns = [
    path("", include("sathi.people.urls")),
    path("cases/", include("sathi.care.urls")),
    path("cases/", include("sathi.legal.urls")),
    path("boards/", include("sathi.screening.urls")),
    path("relations/", include("sathi.relations.urls")),
    path("incidents/", include("sathi.violations.urls")),
    path("questionnaires/", include("sathi.questionnaires.urls")),
    # ODK Collect and Enketo: the phone's server address is https://<sathi>/odk
    path("odk/", include("sathi.questionnaires.openrosa_urls")),
    path("prevention/", include("sathi.prevention.urls")),
    path("evidence/", include("sathi.evidence.urls")),
    path("", include("sathi.rights.urls")),
    path("accounts/", include("sathi.accounts.urls")),
    path("accounts/passkeys/", include("sathi.accounts.passkey_urls")),
    path("audit/", include("sathi.audit.urls")),
    path("exit/", account_views.quick_exit, name="quick-exit"),
    path("recipes/", account_views.neutral, name="neutral"),
    path("language/", set_language, name="set-language"),
    path("help/words/", glossary.glossary, name="glossary"),
    path("api/v1/", api.urls),
    path("healthz", health.healthz, name="healthz"),
]

handler400 = "sathi.views.bad_request"
handler403 = "sathi.views.forbidden"
handler404 = "sathi.views.not_found"
handler500 = "sathi.views.server_error"
