import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    # Apart from 0002, so that rows are filled in before PostgreSQL is asked to alter the table.
    dependencies = [("screening", "0002_reappearance_alert_to_the_removing_board")]

    operations = [
        migrations.RemoveField(model_name="reappearancealert", name="seen_at"),
        migrations.AlterField(
            model_name="reappearancealert",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="accounts.organisation"
            ),
        ),
        migrations.AlterField(
            model_name="reappearancealert",
            name="presented_to",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="notices", to="screening.board"
            ),
        ),
        migrations.AddIndex(
            model_name="reappearancealert",
            index=models.Index(
                condition=models.Q(("acknowledged_at__isnull", True)),
                fields=["organisation", "raised_at"],
                name="alert_open",
            ),
        ),
    ]
