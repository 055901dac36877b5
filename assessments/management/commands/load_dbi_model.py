from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from assessments.modelfile import ModelFileError, model_file_path, model_file_read
from assessments.services.versions import SHIPPED_MODELS, model_version_load
from tenants.management.base import ProvinceCommand
from tenants.models import Province
from tenants.selectors import province_list


class Command(ProvinceCommand):
    help = (
        "Check DBI scoring model files and publish each, in every province (or those named), as the next "
        "version of its model. A file already loaded adds nothing. Exit 2 on a file that is not valid; "
        'the last line is JSON {"created": N, "unchanged": N}.'
    )
    province_required = False
    province_repeatable = True
    province_help = "A province slug (repeatable; default: all)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "models", nargs="*", help="Model files or shipped keys (default: every shipped model, e.g. qd1970-sme)."
        )
        super().add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        try:  # every file is checked before any province is touched
            self.definitions = [
                model_file_read(Path(name) if name.endswith((".yaml", ".yml")) else model_file_path(name))
                for name in options["models"] or SHIPPED_MODELS
            ]
        except ModelFileError as error:
            self.fail(error.bilingual())
        self.counts = {"created": 0, "unchanged": 0}
        super().handle(*args, **options)
        self.stdout.write(json.dumps(self.counts))

    def handle_without_province(self, **options: Any) -> None:
        self.run_in(province_list().order_by("slug"), **options)

    def handle_province(self, province: Province, **options: Any) -> None:
        for definition in self.definitions:
            version, created = model_version_load(definition=definition)
            self.counts["created" if created else "unchanged"] += 1
            state = "published" if created else "already there"
            self.stderr.write(f"{province.slug}: {version} {state}")
