from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tenants.selectors import province_list


class Command(BaseCommand):
    help = "List the provinces: code, slug, schema, domain and name."

    def handle(self, *args: Any, **options: Any) -> None:
        rows = [("code", "slug", "schema", "domain", "name")]
        for province in province_list():
            rows.append(
                (province.code or "", province.slug, province.schema_name, province.primary_domain, province.full_name)
            )
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            self.stdout.write("  ".join(value.ljust(width) for value, width in zip(row, widths, strict=True)).rstrip())
