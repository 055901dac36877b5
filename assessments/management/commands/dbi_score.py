from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from assessments.modelfile import ModelFileError, model_file_path, model_file_read
from assessments.scoring import AnswerError, answers_parse, compile_model, score
from assessments.selectors import model_version_published
from core.errors import ApplicationError
from tenants.management.base import ProvinceCommand
from tenants.models import Province


class Command(ProvinceCommand):
    help = (
        "Score a DBI answer set: ANSWERS.json maps criterion codes to answers "
        '({"1.1.1": 3, "1.1.3": {"numerator": 30, "denominator": 100}}). Without --province the shipped model '
        "file is used and no database is needed. The last line is the result as JSON; exit 2 on invalid answers."
    )
    requires_system_checks: list[str] = []  # scoring a file must work without a database
    province_required = False
    province_help = "Use this province's published version of the model."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("answers", type=Path, help="A JSON file of answers ('-' reads standard input).")
        parser.add_argument("--model", default="qd1970-sme", help="The model key (default qd1970-sme).")
        super().add_arguments(parser)
        parser.add_argument("--language", choices=["vi", "en"], default="vi", help="Of the level name.")

    def handle_province(self, province: Province, **options: Any) -> None:
        try:
            version = model_version_published(key=options["model"])
        except ApplicationError as error:
            self.fail(error.bilingual())
        self._score(version.definition, version.number, **options)

    def handle_without_province(self, **options: Any) -> None:
        try:
            definition = model_file_read(model_file_path(options["model"]))
        except ModelFileError as error:
            self.fail(error.bilingual())
        self._score(definition, None, **options)

    def _score(self, definition: dict[str, Any], version: int | None, **options: Any) -> None:
        try:
            raw = self._answers(options["answers"])
            model = compile_model(definition)
            result = score(model, answers_parse(model, raw))
        except (ApplicationError, AnswerError, ModelFileError) as error:
            self.fail(error.bilingual())
        output = {"model": model.key, "version": version, **result.as_json(options["language"])}
        for name in ("indicators", "criteria"):  # on stderr for people; stdout's last line stays short
            self.stderr.write(f"{name}: {json.dumps(output.pop(name))}")
        self.stdout.write(json.dumps(output, ensure_ascii=False))

    def _answers(self, path: Path) -> Any:
        try:
            text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
            return json.loads(text)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ApplicationError(f"không đọc được tệp câu trả lời / cannot read the answers: {error}") from error
