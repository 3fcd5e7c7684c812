import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def route_existing_alerts(apps, schema_editor):
    """Alerts raised before: the board they went to is the board she presented to; the removing board and
    organisation are those of the earlier decision. Seen ones count as acknowledged."""
    Alert = apps.get_model("screening", "ReappearanceAlert")
    for alert in Alert.objects.select_related("earlier_decision__screening__presentation"):
        screening = alert.earlier_decision.screening
        alert.presented_to_id = alert.board_id
        alert.organisation_id = screening.organisation_id
        alert.board_id = screening.presentation.board_id if screening.presentation_id else None
        alert.acknowledged_at = alert.seen_at
        alert.save()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("screening", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="decision",
            name="reintegrate_with_family",
            field=models.BooleanField(default=False, verbose_name="she is to be reintegrated with her family"),
        ),
        migrations.AddField(
            model_name="reappearancealert",
            name="organisation",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="accounts.organisation"
            ),
        ),
        migrations.AddField(
            model_name="reappearancealert",
            name="presented_to",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="notices", to="screening.board"
            ),
        ),
        migrations.AddField(
            model_name="reappearancealert",
            name="acknowledged_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="reappearancealert",
            name="acknowledged_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="reappearancealert",
            name="version",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AlterField(
            model_name="reappearancealert",
            name="board",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="alerts",
                to="screening.board",
            ),
        ),
        migrations.RunPython(route_existing_alerts, migrations.RunPython.noop),
    ]
