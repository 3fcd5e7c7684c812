"""System checks that catch a misconfigured deployment before it serves anyone."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from sathi.lib.crypto import KeyFileError, load_keys_file


@register(Tags.security, deploy=True)
def keys_file_check(app_configs, **kwargs):
    try:
        load_keys_file(settings.SATHI_KEYS_FILE)
    except KeyFileError:
        return [
            Error(
                "SATHI_KEYS_FILE cannot be read.",
                hint="Point it to the keys file (see docs/deploy.md).",
                id="sathi.E001",
            )
        ]
    mode = settings.SATHI_KEYS_FILE.stat().st_mode & 0o077
    if mode:
        return [Warning("The keys file is readable by other users.", hint="chmod 600 it.", id="sathi.W001")]
    return []


@register(Tags.security, deploy=True)
def debug_off_check(app_configs, **kwargs):
    if settings.DEBUG:
        return [Error("SATHI_DEBUG is on in a deployment.", id="sathi.E002")]
    return []
