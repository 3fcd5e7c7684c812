"""Free text into sealed columns (issue 9): existing rows are sealed, then the plaintext column goes."""

from django.db import migrations, models

from sathi.people.sealing import sealing_migration


class Migration(migrations.Migration):
    dependencies = [
        ("legal", "0002_documents"),
    ]

    operations = [
        migrations.AddField(
            model_name="proceeding",
            name="lawyer_name_sealed",
            field=models.BinaryField(blank=True, null=True),
        ),
        migrations.RunPython(*sealing_migration("legal.Proceeding", "lawyer_name")),
        migrations.RemoveField(model_name="proceeding", name="lawyer_name"),
    ]
