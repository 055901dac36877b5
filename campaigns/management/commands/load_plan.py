from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml
from django.core.management.base import BaseCommand, CommandParser
from django_tenants.utils import schema_context

from campaigns.services import plan_load
from tenants.models import Province

PLANS = Path(__file__).resolve().parents[2] / "plans"


class Command(BaseCommand):
    help = (
        "Load a provincial plan (its agencies, tasks and targets) from a YAML file in the format of "
        "programme/plans/*.yaml; by default the file named after the province. Loading it again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--province", required=True, help="The province's slug, e.g. dak-lak.")
        parser.add_argument("file", type=Path, nargs="?", help="Default: programme/plans/<province>.yaml.")

    def handle(self, *args: Any, **options: Any) -> None:
        province = Province.objects.filter(slug=options["province"]).first()
        if province is None:
            self.stderr.write(f"Lỗi / Error: không có tỉnh / no province “{options['province']}”")
            sys.exit(2)
        path: Path = options["file"] or PLANS / f"{province.slug}.yaml"
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as error:
            self.stderr.write(f"Lỗi / Error: không đọc được / cannot read {path}: {error}")
            sys.exit(2)
        with schema_context(province.schema_name):
            plan = plan_load(data)
            self.stdout.write(f"{plan.number}: {plan.tasks.count()} tasks")
