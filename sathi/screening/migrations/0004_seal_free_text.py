"""Free text into sealed columns (issue 9): existing rows are sealed, then the plaintext column goes."""

from django.db import migrations, models

from sathi.people.sealing import sealing_migration


class Migration(migrations.Migration):
    dependencies = [
        ("screening", "0003_reappearance_alert_acknowledged"),
    ]

    operations = [
        migrations.AddField(
            model_name="decision",
            name="differs_reason_sealed",
            field=models.BinaryField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="decision",
            name="social_welfare_plan_sealed",
            field=models.BinaryField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="decision",
            name="police_reason_sealed",
            field=models.BinaryField(blank=True, null=True),
        ),
        # the old constraint reads the plain column: it goes before the rows are sealed
        migrations.RemoveConstraint(model_name="decision", name="decision_police_has_reason"),
        migrations.RunPython(*sealing_migration("screening.Decision", "differs_reason", "social_welfare_plan", "police_reason")),
        migrations.AddConstraint(
            model_name="decision",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("police_involved", True), _negated=True),
                    ("police_reason_sealed__isnull", False),
                    _connector="OR",
                ),
                name="decision_police_has_sealed_reason",
            ),
        ),
        migrations.RemoveField(model_name="decision", name="differs_reason"),
        migrations.RemoveField(model_name="decision", name="social_welfare_plan"),
        migrations.RemoveField(model_name="decision", name="police_reason"),
    ]
