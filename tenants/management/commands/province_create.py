from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from core.errors import ApplicationError
from tenants.models import UnitType
from tenants.services import province_create


class Command(BaseCommand):
    help = "Create a province: its schema, its domain <slug>.<base domain> and a first administrator."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True, help="Without the unit type, e.g. “Đồng Nai”.")
        parser.add_argument("--code", required=True, help="National statistics code, e.g. 75.")
        parser.add_argument("--slug", required=True, help="Subdomain, e.g. dong-nai.")
        parser.add_argument("--unit-type", choices=UnitType.values, default=UnitType.PROVINCE)
        parser.add_argument("--department", default="Sở Khoa học và Công nghệ")
        parser.add_argument("--ministry", default="Bộ Khoa học và Công nghệ")
        parser.add_argument("--admin-email", help="Defaults to admin@<slug>.<base domain>.")
        parser.add_argument("--admin-password", help="Generated and printed once when omitted.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            created = province_create(
                name=options["name"],
                code=options["code"],
                slug=options["slug"],
                unit_type=options["unit_type"],
                department_name=options["department"],
                ministry_name=options["ministry"],
                admin_email=options["admin_email"],
                admin_password=options["admin_password"],
            )
        except ApplicationError as error:
            self.stderr.write(f"Lỗi / Error: {error.bilingual()}")
            sys.exit(2)
        province = created.province
        self.stdout.write(f"{province.full_name}: schema {province.schema_name}, {province.primary_domain}")
        self.stdout.write(f"Admin: {created.admin_email}")
        if created.admin_password:
            self.stdout.write(f"Password (shown only once): {created.admin_password}")
