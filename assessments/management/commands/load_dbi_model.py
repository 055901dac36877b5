from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django_tenants.utils import get_public_schema_name, schema_context

from assessments.modelfile import ModelFileError, model_file_path, model_file_read
from assessments.services.versions import SHIPPED_MODELS, model_version_load
from tenants.models import Province


class Command(BaseCommand):
    help = (
        "Check DBI scoring model files and publish each, in every province (or those named), as the next "
        "version of its model. A file already loaded adds nothing. Exit 2 on a file that is not valid; "
        'the last line is JSON {"created": N, "unchanged": N}.'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "models", nargs="*", help="Model files or shipped keys (default: every shipped model, e.g. qd1970-sme)."
        )
        parser.add_argument("--province", action="append", help="A province slug (repeatable; default: all).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            definitions = [
                model_file_read(Path(name) if name.endswith((".yaml", ".yml")) else model_file_path(name))
                for name in options["models"] or SHIPPED_MODELS
            ]
        except ModelFileError as error:
            self.stderr.write(f"Lỗi / Error: {error.bilingual()}")
            sys.exit(2)
        provinces = Province.objects.exclude(schema_name=get_public_schema_name()).order_by("slug")
        if options["province"]:
            provinces = provinces.filter(slug__in=options["province"])
            unknown = set(options["province"]) - set(provinces.values_list("slug", flat=True))
            if unknown:
                self.stderr.write(f"Lỗi / Error: không có tỉnh / no province: {', '.join(sorted(unknown))}")
                sys.exit(2)
        counts = {"created": 0, "unchanged": 0}
        for province in provinces:
            with schema_context(province.schema_name):
                for definition in definitions:
                    version, created = model_version_load(definition=definition)
                    counts["created" if created else "unchanged"] += 1
                    state = "published" if created else "already there"
                    self.stderr.write(f"{province.slug}: {version} {state}")
        self.stdout.write(json.dumps(counts))
