from django.db import migrations, models


class Migration(migrations.Migration):
    """Only the Python name changes (the column stays "definition"): `definition` becomes a cached property."""

    dependencies = [("assessments", "0005_signup_requests")]

    operations = [
        migrations.RenameField(model_name="modelversion", old_name="definition", new_name="content"),
        migrations.AlterField(
            model_name="modelversion", name="content", field=models.JSONField(db_column="definition")
        ),
    ]
