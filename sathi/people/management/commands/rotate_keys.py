from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from sathi.accounts import keys
from sathi.accounts.models import SealedTOTPDevice
from sathi.accounts.totp import open_seed, seal_seed
from sathi.lib import crypto
from sathi.people.keys import person_keys_rewrap


class Command(BaseCommand):
    help = (
        "Rotate keys without downtime. --new-master adds a master key to SATHI_KEYS_FILE and re-wraps the "
        "organisation keys and second-factor seeds under it; --new-organisation-keys gives every "
        "organisation "
        "a new data key and re-wraps person keys; --retire removes master keys nothing uses any more; "
        "--new-audit-key adds an audit key that new events and checkpoints use (old ones stay for good: "
        "old events and checkpoints name theirs)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--new-master", action="store_true")
        parser.add_argument("--new-organisation-keys", action="store_true")
        parser.add_argument("--retire", action="store_true")
        parser.add_argument("--new-audit-key", action="store_true")

    def handle(self, *args, **options):
        path = settings.SATHI_KEYS_FILE
        if options["new_audit_key"]:
            audit_id = crypto.add_audit_key(path)
            keys.reset_caches()
            self.stdout.write(
                f"New audit key {audit_id} is active; old audit keys stay to verify old events."
            )
        if options["new_master"]:
            master_id = crypto.add_master_key(path)
            keys.reset_caches()
            self.stdout.write(f"New master key {master_id} is active; old ones are kept until --retire.")
        counts = keys.rewrap_organisation_keys(new_data_key=options["new_organisation_keys"])
        self.stdout.write(
            f"Organisation keys re-wrapped: {counts['rewrapped']}; new versions: {counts['new_versions']}"
        )
        sealed = 0
        for device_id in SealedTOTPDevice.objects.values_list("pk", flat=True):
            with transaction.atomic():
                device = SealedTOTPDevice.objects.select_for_update().get(pk=device_id)
                device.seed = seal_seed(device.user_id, open_seed(device))
                device.save(update_fields=["seed"])
                sealed += 1
        self.stdout.write(f"Second-factor seeds re-sealed: {sealed}")
        if options["new_organisation_keys"]:
            self.stdout.write(f"Person keys re-wrapped: {person_keys_rewrap()}")
        if options["retire"]:
            in_use = keys.master_ids_in_use() | {keys.keyring().active_master_id}
            crypto.retire_master_keys(path, in_use)
            keys.reset_caches()
            self.stdout.write(f"Master keys kept: {', '.join(sorted(in_use))}")
