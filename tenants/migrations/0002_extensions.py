from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """Accent-insensitive and fuzzy search (enterprise names); created once, in public."""

    dependencies = [("tenants", "0001_initial")]

    operations = [UnaccentExtension(), TrigramExtension()]
