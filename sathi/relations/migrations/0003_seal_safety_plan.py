"""A safety check's plan words into a sealed column (issue 9); the plain column keeps only which flags have one."""

import json

from django.db import migrations, models

from sathi.people.sealing import SEALED, historical_vault, open_text, seal

DECLARED = SEALED["relations.SafetyCheck.plan_sealed"]


def forwards(apps, schema_editor):
    SafetyCheck = apps.get_model("relations", "SafetyCheck")
    for check in SafetyCheck.objects.exclude(plan={}).select_related("person").iterator(chunk_size=500):
        words = {k: v for k, v in check.plan.items() if v and v is not True}
        vault = historical_vault(apps, check, DECLARED)
        sealed = seal(check, "plan_sealed", json.dumps(words, ensure_ascii=False), vault=vault) if words else None
        SafetyCheck.objects.filter(pk=check.pk).update(plan=dict.fromkeys(words, True), plan_sealed=sealed)


def backwards(apps, schema_editor):
    SafetyCheck = apps.get_model("relations", "SafetyCheck")
    for check in SafetyCheck.objects.exclude(plan_sealed=None).select_related("person").iterator(chunk_size=500):
        vault = historical_vault(apps, check, DECLARED)
        SafetyCheck.objects.filter(pk=check.pk).update(plan=json.loads(open_text(check, "plan_sealed", vault=vault)))


class Migration(migrations.Migration):
    dependencies = [
        ("relations", "0002_check_order"),
        ("people", "0003_seal_free_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="safetycheck",
            name="plan_sealed",
            field=models.BinaryField(blank=True, null=True),
        ),
        migrations.RunPython(forwards, backwards),
    ]
