from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from django.core.management.base import BaseCommand

from reference.loaders import reference_data_load


class Command(BaseCommand):
    help = "Load VSIC 2018/2025 and the administrative units (current and before 2025) into the public schema."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(json.dumps(asdict(reference_data_load())))
