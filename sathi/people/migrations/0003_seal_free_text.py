"""Free text into sealed columns (issue 9): existing rows are sealed, then the plaintext column goes."""

from django.db import migrations, models

from sathi.people.sealing import sealing_migration


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="ageevidence",
            name="source_sealed",
            field=models.BinaryField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="breakglass",
            name="reason_sealed",
            field=models.BinaryField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="consent",
            name="guardian_relationship_sealed",
            field=models.BinaryField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="consent",
            name="legal_basis_sealed",
            field=models.BinaryField(blank=True, null=True),
        ),
        migrations.RunPython(*sealing_migration("people.AgeEvidence", "source")),
        migrations.RunPython(*sealing_migration("people.BreakGlass", "reason")),
        migrations.RunPython(*sealing_migration("people.Consent", "guardian_relationship", "legal_basis")),
        # blank, so that undoing the removal can re-add the column to existing rows
        migrations.AlterField(model_name="breakglass", name="reason", field=models.TextField(blank=True)),
        migrations.RemoveField(model_name="ageevidence", name="source"),
        migrations.RemoveField(model_name="breakglass", name="reason"),
        migrations.RemoveField(model_name="consent", name="guardian_relationship"),
        migrations.RemoveField(model_name="consent", name="legal_basis"),
    ]
