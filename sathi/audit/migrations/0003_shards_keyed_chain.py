import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("audit", "0002_append_only_trigger")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="shard",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="key_id",
            field=models.CharField(default="", max_length=32),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="reason_given",
            field=models.BooleanField(default=False, verbose_name="a reason was given"),
        ),
        migrations.RemoveConstraint(model_name="auditevent", name="audit_unique_seq"),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.UniqueConstraint(fields=("organisation", "shard", "seq"), name="audit_unique_seq"),
        ),
        migrations.AlterField(
            model_name="auditchainhead",
            name="organisation",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, to="accounts.organisation"
            ),
        ),
        migrations.AlterField(
            model_name="auditchainhead",
            name="scope",
            field=models.CharField(max_length=32),
        ),
        migrations.AddField(
            model_name="auditchainhead",
            name="shard",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddConstraint(
            model_name="auditchainhead",
            constraint=models.UniqueConstraint(fields=("scope", "shard"), name="audit_head_unique_shard"),
        ),
    ]
