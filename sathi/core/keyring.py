"""The keys file (SATHI_KEYS_FILE), loaded once per process: master keys, audit keys and the pepper.

Here, below accounts and audit, because both need it: accounts to unwrap organisation keys, audit to sign
its chain. `sathi.accounts.keys.reset_caches` clears it with the unwrapped keys.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings

from sathi.lib import crypto


@lru_cache(maxsize=1)
def keyring() -> crypto.KeyRing:
    return crypto.load_keys_file(settings.SATHI_KEYS_FILE)
