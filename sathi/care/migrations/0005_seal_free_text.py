"""Free text into sealed columns (issue 9): existing rows are sealed, then the plaintext column goes."""

from django.db import migrations, models

from sathi.people.sealing import sealing_migration


class Migration(migrations.Migration):
    dependencies = [
        ("care", "0004_close_reason_returned_home"),
    ]

    operations = [
        migrations.AddField(
            model_name="casestatuschange",
            name="reason_sealed",
            field=models.BinaryField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="caseflag",
            name="message_sealed",
            field=models.BinaryField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="caseflag",
            name="resolution_sealed",
            field=models.BinaryField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="planitem",
            name="description_sealed",
            field=models.BinaryField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="referral",
            name="decline_reason_sealed",
            field=models.BinaryField(blank=True, null=True),
        ),
        # the old constraint reads the plain column: it goes before the rows are sealed
        migrations.RemoveConstraint(model_name="caseflag", name="caseflag_resolution"),
        migrations.RunPython(*sealing_migration("care.CaseStatusChange", "reason")),
        migrations.RunPython(*sealing_migration("care.CaseFlag", "message", "resolution")),
        migrations.RunPython(*sealing_migration("care.PlanItem", "description")),
        migrations.RunPython(*sealing_migration("care.Referral", "decline_reason")),
        # blank, so that undoing the removal can re-add the columns to existing rows
        migrations.AlterField(
            model_name="caseflag", name="message", field=models.CharField(blank=True, max_length=300)
        ),
        migrations.AlterField(
            model_name="planitem", name="description", field=models.CharField(blank=True, max_length=200)
        ),
        migrations.AddConstraint(
            model_name="caseflag",
            constraint=models.CheckConstraint(
                condition=models.Q(("resolved_at__isnull", True), ("resolution_sealed__isnull", False), _connector="OR"),
                name="caseflag_resolution_sealed",
            ),
        ),
        migrations.RemoveField(model_name="casestatuschange", name="reason"),
        migrations.RemoveField(model_name="caseflag", name="message"),
        migrations.RemoveField(model_name="caseflag", name="resolution"),
        migrations.RemoveField(model_name="planitem", name="description"),
        migrations.RemoveField(model_name="referral", name="decline_reason"),
    ]
