from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("people", "0006_person_erased_at")]

    operations = [
        # Written once per person and key by every writer (namesearch.name_keys_write, name_keys_build, the
        # bulk generator); any duplicate left from elsewhere goes before the constraint holds them to it.
        # A join on (person, key), never NOT IN over the whole table: that is quadratic once its ids no longer
        # fit in memory (millions of rows).
        migrations.RunSQL(
            "DELETE FROM people_personnamekey WHERE EXISTS (SELECT 1 FROM people_personnamekey older"
            " WHERE older.person_id = people_personnamekey.person_id AND older.key = people_personnamekey.key"
            " AND older.id < people_personnamekey.id)",
            migrations.RunSQL.noop,
        ),
        migrations.RemoveIndex(model_name="personnamekey", name="personnamekey_person"),
        migrations.AddConstraint(
            model_name="personnamekey",
            constraint=models.UniqueConstraint(fields=("person", "key"), name="personnamekey_once"),
        ),
    ]
