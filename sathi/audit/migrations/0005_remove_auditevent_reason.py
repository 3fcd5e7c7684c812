from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_rekey_existing_chains")]
    operations = [migrations.RemoveField(model_name="auditevent", name="reason")]
