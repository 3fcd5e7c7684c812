"""The benchmark's server settings: the application's production settings, plus the bare floor views."""

from sathi.settings import *  # noqa: F403

ROOT_URLCONF = "floor_urls"
