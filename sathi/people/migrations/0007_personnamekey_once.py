from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("people", "0006_person_erased_at")]

    operations = [
        # Written once per person and key by every writer (namesearch.name_keys_write, name_keys_build, the
        # bulk generator); any duplicate left from elsewhere goes before the constraint holds them to it.
        migrations.RunSQL(
            "DELETE FROM people_personnamekey WHERE id NOT IN"
            " (SELECT min(id) FROM people_personnamekey GROUP BY person_id, key)",
            migrations.RunSQL.noop,
        ),
        migrations.RemoveIndex(model_name="personnamekey", name="personnamekey_person"),
        migrations.AddConstraint(
            model_name="personnamekey",
            constraint=models.UniqueConstraint(fields=("person", "key"), name="personnamekey_once"),
        ),
    ]
