from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from sathi.accounts.models import Role


class LoginForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, max_length=1000)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class ConfirmForm(forms.Form):
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, max_length=1000)
    code = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        max_length=8,
        required=False,  # or her passkey instead (sathi/accounts/passkeys.py): the view asks for one
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class UserCreateForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    display_name = forms.CharField(label=_("Display name"), max_length=150, required=False)
    password = forms.CharField(
        label=_("First password"),
        widget=forms.PasswordInput,
        max_length=1000,
        help_text=_("At least 12 characters. Give it to them in person."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class TokenIssueForm(forms.Form):
    label = forms.CharField(
        label=_("What it is for"),
        max_length=100,
        required=False,
        help_text=_("For example, the program or phone that will use it."),
    )
    days = forms.IntegerField(label=_("Days until it stops working"), min_value=1)
    read_only = forms.BooleanField(label=_("Read only: it cannot change anything"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        most = settings.SATHI_TOKEN_MAX_DAYS
        self.fields["days"].max_value = most
        self.fields["days"].validators.append(MaxValueValidator(most))
        self.fields["days"].widget.attrs["max"] = most
        self.fields["days"].initial = most


class PasswordChangeForm(forms.Form):
    current = forms.CharField(
        label=_("Your current password"),
        max_length=1000,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new = forms.CharField(
        label=_("New password (at least 12 characters)"),
        max_length=1000,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    again = forms.CharField(
        label=_("New password again"),
        max_length=1000,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("new") and data.get("again") and data["new"] != data["again"]:
            self.add_error("again", _("The two new passwords are not the same."))
        return data
