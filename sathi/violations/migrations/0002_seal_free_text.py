"""Free text into sealed columns (issue 9): existing rows are sealed, then the plaintext column goes."""

from django.db import migrations, models

from sathi.people.sealing import sealing_migration


class Migration(migrations.Migration):
    dependencies = [
        ("violations", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="perpetrator",
            name="office_sealed",
            field=models.BinaryField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="perpetrator",
            name="station_sealed",
            field=models.BinaryField(blank=True, null=True),
        ),
        # the old constraint reads the plain column: it goes before the rows are sealed
        migrations.RemoveConstraint(model_name="perpetrator", name="perpetrator_office_only_for_officials"),
        migrations.RunPython(*sealing_migration("violations.Perpetrator", "office", "station")),
        migrations.AddConstraint(
            model_name="perpetrator",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("perpetrator_type__in", ["police", "other_official"]),
                    models.Q(("office_sealed__isnull", True), ("station_sealed__isnull", True)),
                    _connector="OR",
                ),
                name="perpetrator_sealed_office_only_for_officials",
            ),
        ),
        migrations.RemoveField(model_name="perpetrator", name="office"),
        migrations.RemoveField(model_name="perpetrator", name="station"),
    ]
