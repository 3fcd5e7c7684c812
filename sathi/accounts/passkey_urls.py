"""django-otp-webauthn's URL names (its vendored scripts and template tags use them), routed to Sathi's
wrapped views only: the plugin's own views, which know nothing of re-authentication, the throttle or the
audit, are never reachable."""

from django.urls import path

from sathi.accounts import passkeys

app_name = "otp_webauthn"

urlpatterns = [
    path("registration/begin/", passkeys.RegisterBegin.as_view(), name="credential-registration-begin"),
    path(
        "registration/complete/", passkeys.RegisterComplete.as_view(), name="credential-registration-complete"
    ),
    path(
        "authentication/begin/", passkeys.AuthenticateBegin.as_view(), name="credential-authentication-begin"
    ),
    path(
        "authentication/complete/",
        passkeys.AuthenticateComplete.as_view(),
        name="credential-authentication-complete",
    ),
    # Confirming it is her (re-authentication) with a passkey and her password: Sathi's own two views.
    path("confirmation/begin/", passkeys.ConfirmBegin.as_view(), name="confirmation-begin"),
    path("confirmation/complete/", passkeys.ConfirmComplete.as_view(), name="confirmation-complete"),
    path("words/", passkeys.words, name="js-i18n-catalog"),
]
