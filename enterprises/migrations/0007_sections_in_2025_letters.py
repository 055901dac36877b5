"""Enterprises coded in VSIC 2018 get their section in VSIC 2025 letters (they shift from J on),
so statistics by section count like with like. Reversible: the old letters are derivable again."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def sections_in_2025_letters(apps: Any, schema_editor: Any) -> None:
    from reference.selectors import vsic_sections  # reads the shared reference tables

    Enterprise = apps.get_model("enterprises", "Enterprise")
    coded_2018 = Enterprise.objects.filter(vsic_edition="2018").exclude(main_sector="")
    if not coded_2018.exists():
        return
    sections = vsic_sections()
    changed = []
    for enterprise in coded_2018.only("id", "main_sector", "section"):
        section = sections.get(("2018", enterprise.main_sector), "")
        if section != enterprise.section:
            enterprise.section = section
            changed.append(enterprise)
    Enterprise.objects.bulk_update(changed, ["section"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0006_enterpriseaccount"), ("reference", "0001_initial")]

    operations = [migrations.RunPython(sections_in_2025_letters, migrations.RunPython.noop)]
