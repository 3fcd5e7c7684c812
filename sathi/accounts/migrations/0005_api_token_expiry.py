from datetime import timedelta

from django.conf import settings
from django.db import migrations, models


def expire_old_tokens(apps, schema_editor):
    # Tokens issued before expiry existed get the longest life counted from their issue: one aged past
    # it stops at once.
    token_model = apps.get_model("accounts", "ApiToken")
    for token in token_model.objects.filter(expires_at__isnull=True).only("pk", "created_at"):
        token_model.objects.filter(pk=token.pk).update(
            expires_at=token.created_at + timedelta(days=settings.SATHI_TOKEN_MAX_DAYS)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_login_buckets"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(expire_old_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="read_only",
            field=models.BooleanField(default=False),
        ),
    ]
