from django.db import migrations, models


def forget_counts(apps, schema_editor):
    # Counts under the old digest and pairs mean nothing in the new buckets; they last minutes anyway.
    apps.get_model("accounts", "LoginFailure").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_disclosure_threshold"),
    ]

    operations = [
        migrations.RunPython(forget_counts, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="loginfailure", name="loginfailure_unique_pair"),
        migrations.RemoveField(model_name="loginfailure", name="address"),
        migrations.AddField(
            model_name="loginfailure",
            name="bucket",
            field=models.CharField(default="", max_length=80),
            preserve_default=False,
        ),
        migrations.AddConstraint(
            model_name="loginfailure",
            constraint=models.UniqueConstraint(
                fields=("username_digest", "bucket"), name="loginfailure_unique_bucket"
            ),
        ),
    ]
