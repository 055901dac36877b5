from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.core.management.base import CommandParser

from campaigns.selectors import PLAN_FILES
from campaigns.services import plan_deadlines_load, plan_load
from tenants.management.base import ProvinceCommand
from tenants.models import Province


class Command(ProvinceCommand):
    help = (
        "Load a provincial plan (its agencies, tasks and targets) from a YAML file in the format of "
        "campaigns/plans/*.yaml; by default the file named after the province. Its `reporting:` deadlines "
        "are set on the province when it has none (--force: always), its tasks' `budget:` lines become their "
        "estimates. Loading it again changes nothing."
    )
    province_help = "The province's slug, e.g. dak-lak."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("file", type=Path, nargs="?", help="Default: campaigns/plans/<province>.yaml.")
        parser.add_argument(
            "--force", action="store_true", help="Replace the province's reporting deadlines with the plan's."
        )

    def handle_province(self, province: Province, **options: Any) -> None:
        path: Path = options["file"] or PLAN_FILES / f"{province.slug}.yaml"
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as error:
            self.fail(f"không đọc được / cannot read {path}: {error}")
        plan = plan_load(data)
        self.stdout.write(f"{plan.number}: {plan.tasks.count()} tasks")
        fields = plan_deadlines_load(province=province, reporting=data.get("reporting") or [], force=options["force"])
        if fields:
            self.stdout.write(f"deadlines set: {', '.join(fields)}")
