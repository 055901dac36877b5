from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from api.models import ApiKey, ApiScope
from api.services import api_key_issue
from core.errors import ApplicationError
from tenants.management.base import ProvinceCommand
from tenants.models import Province

# National keys are issued on the national site.
SCOPES = [ApiScope.STATISTICS.value, ApiScope.REGISTRY.value, ApiScope.DEPARTMENT.value]
NAME_MAX = ApiKey._meta.get_field("name").max_length or 100


class Command(ProvinceCommand):
    help = (
        "Issue an API key of a province, as its administrator does on the API keys page. The key is printed "
        "once, alone on the last line (only its hash is kept); exit 2 on bad input, issuing nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--name", required=True, help="Who uses it, e.g. “Cục Thống kê — bảng tin”.")
        parser.add_argument("--scope", required=True, help=f"What it may read: {' or '.join(SCOPES)}.")

    def handle_province(self, province: Province, **options: Any) -> None:
        name: str = options["name"].strip()
        scope: str = options["scope"]
        if len(name) > NAME_MAX:
            self.fail(f"tên khóa dài quá {NAME_MAX} ký tự / the key's name is longer than {NAME_MAX} characters")
        if scope not in SCOPES:
            self.fail(f"không có phạm vi / no scope “{scope}” (chọn / choose {' | '.join(SCOPES)})")
        try:
            key, raw = api_key_issue(name=name, scope=scope, user=None)
        except ApplicationError as error:
            self.fail(error.bilingual())
        self.stderr.write(f"{province.full_name}: {key}, {scope} — khóa chỉ hiện một lần / the key is shown only once")
        self.stdout.write(raw)
