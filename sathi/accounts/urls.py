from django.urls import path

from sathi.accounts import passkeys, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("second-factor/", views.second_factor, name="second-factor"),
    path("second-factor/setup/", views.enrol, name="enrol"),
    path("organisation/", views.choose_organisation, name="choose-organisation"),
    path("confirm/", views.confirm, name="confirm"),
    path("logout/", views.logout_view, name="logout"),
    path("password/", views.password_change, name="password"),
    path("security/", passkeys.security, name="security"),
    path("security/passkeys/<int:passkey_id>/rename/", passkeys.passkey_rename, name="passkey-rename"),
    path("security/passkeys/<int:passkey_id>/remove/", passkeys.passkey_remove, name="passkey-remove"),
    path("tokens/", views.token_list, name="tokens"),
    path("tokens/new/", views.token_issue, name="token-issue"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token-revoke"),
    path("members/", views.member_list, name="members"),
    path("members/new/", views.member_create, name="member-create"),
    path("members/<int:membership_id>/role/", views.member_role, name="member-role"),
    path("members/<int:membership_id>/deactivate/", views.member_deactivate, name="member-deactivate"),
    path("members/<int:membership_id>/activate/", views.member_activate, name="member-activate"),
    path(
        "members/<int:membership_id>/reset-second-factor/",
        views.member_reset_second_factor,
        name="member-reset-second-factor",
    ),
]
