"""Reading and checking a DBI scoring model file (format: assessments/models/README.md).

No ORM here: `dbi_score` without a province reads the shipped file with no database at all.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from django.utils.translation import gettext_lazy as _

from core.errors import ApplicationError

MODELS_DIR = Path(__file__).resolve().parent / "models"

_TEXT = {
    "type": "object",
    "required": ["vi", "en"],
    "properties": {"vi": {"type": "string", "minLength": 1}, "en": {"type": "string", "minLength": 1}},
    "additionalProperties": False,
}
_CODE = {"type": "string", "minLength": 1}
_POINTS = {"type": "integer", "minimum": 0}
_GRADED = {
    "type": "object",
    "required": ["code", "kind", "title", "question", "options"],
    "properties": {
        "code": _CODE,
        "kind": {"const": "graded"},
        "group": _TEXT,
        "title": _TEXT,
        "gate": _TEXT,
        "question": _TEXT,
        "options": {
            "type": "array",
            "minItems": 2,
            "items": {
                "type": "object",
                "required": ["points", "text"],
                "properties": {"points": _POINTS, "text": _TEXT},
                "additionalProperties": False,
            },
        },
    },
    "additionalProperties": False,
}
_RATIO = {
    "type": "object",
    "required": ["code", "kind", "title", "question", "numerator", "denominator", "bands"],
    "properties": {
        "code": _CODE,
        "kind": {"const": "ratio"},
        "group": _TEXT,
        "title": _TEXT,
        "question": _TEXT,
        "numerator": _TEXT,
        "denominator": _TEXT,
        "provisional": {"type": "boolean"},
        "bands": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["above", "points"],
                "properties": {"above": {"type": "number", "minimum": 0, "maximum": 100}, "points": _POINTS},
                "additionalProperties": False,
            },
        },
    },
    "additionalProperties": False,
}
_CODED_TEXT = {
    "type": "object",
    "required": ["code", "text"],
    "properties": {"code": _CODE, "text": _TEXT},
    "additionalProperties": False,
}
SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": [
        "key",
        "title",
        "instrument",
        "valid_from",
        "max_points",
        "levels",
        "pillar_levels",
        "overall_levels",
        "pillars",
        "part_b",
        "part_c",
        "part_d",
    ],
    "properties": {
        "key": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{1,48}$"},
        "title": _TEXT,
        "instrument": _TEXT,
        "valid_from": {"type": "string", "format": "date"},
        "valid_to": {"type": ["string", "null"], "format": "date"},
        "max_points": _POINTS,
        "levels": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["level", "name"],
                "properties": {"level": _POINTS, "name": _TEXT, "description": _TEXT},
                "additionalProperties": False,
            },
        },
        "pillar_levels": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["up_to", "level"],
                "properties": {"up_to": {"type": "number", "minimum": 0, "maximum": 100}, "level": _POINTS},
                "additionalProperties": False,
            },
        },
        "overall_levels": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["level", "total_above", "pillars_at_level"],
                "properties": {"level": _POINTS, "total_above": _POINTS, "pillars_at_level": _POINTS},
                "additionalProperties": False,
            },
        },
        "pillars": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["code", "name", "max_points", "recommendations", "indicators"],
                "properties": {
                    "code": _CODE,
                    "name": _TEXT,
                    "max_points": _POINTS,
                    "recommendations": {"type": "object", "additionalProperties": _TEXT},
                    "indicators": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "required": ["code", "name", "max_points", "criteria"],
                            "properties": {
                                "code": _CODE,
                                "name": _TEXT,
                                "max_points": _POINTS,
                                "criteria": {
                                    "type": "array",
                                    "minItems": 1,
                                    # The kind picks the schema, so an error is reported inside it.
                                    "items": {
                                        "type": "object",
                                        "required": ["kind"],
                                        "properties": {"kind": {"enum": ["graded", "ratio"]}},
                                        "if": {"properties": {"kind": {"const": "graded"}}},
                                        "then": _GRADED,
                                        "else": _RATIO,
                                    },
                                },
                            },
                            "additionalProperties": False,
                        },
                    },
                },
                "additionalProperties": False,
            },
        },
        "part_b": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["code", "name", "items"],
                "properties": {"code": _CODE, "name": _TEXT, "items": {"type": "array", "items": _CODED_TEXT}},
                "additionalProperties": False,
            },
        },
        "part_c": {"type": "array", "items": _CODED_TEXT},
        "part_d": {
            "type": "object",
            "required": ["support", "questions"],
            "properties": {
                "support": {"type": "array", "items": _CODED_TEXT},
                "questions": {"type": "array", "items": _CODED_TEXT},
            },
            "additionalProperties": False,
        },
    },
    "additionalProperties": False,
}


class ModelFileError(ApplicationError):
    """The model file cannot be used: the message names the place and what is wrong."""


def model_file_path(key: str) -> Path:
    """The shipped file of a model key (`qd1970-sme` → assessments/models/qd1970-sme.yaml)."""
    path = MODELS_DIR / f"{key}.yaml"
    if not path.is_file():
        known = ", ".join(sorted(file.stem for file in MODELS_DIR.glob("*.yaml"))) or "—"
        raise ModelFileError(_("No model file “%(key)s”; known: %(known)s."), {"key": key, "known": known})
    return path


def model_file_read(path: Path) -> dict[str, Any]:
    """The checked definition in the file (JSON-ready: dates as ISO text), or ModelFileError."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ModelFileError(_("%(file)s cannot be read: %(error)s"), {"file": path.name, "error": error}) from error
    return definition_check(_json_ready(data))


def _json_ready(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _json_ready(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_ready(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def definition_check(data: Any) -> dict[str, Any]:
    """Check the structure (JSON Schema), then that every number adds up; return the definition."""
    validator = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is not None:
        place = "/".join(str(part) for part in error.absolute_path) or "/"
        message = _("The model file is not in the expected format at %(place)s: %(error)s")
        raise ModelFileError(message, {"place": place, "error": error.message})
    problems = _arithmetic_problems(data)
    if problems:
        raise ModelFileError(_("The model's points do not add up: %(problems)s."), {"problems": problems})
    checked: dict[str, Any] = data
    return checked


def criterion_max(criterion: dict[str, Any]) -> int:
    rows = criterion["options"] if criterion["kind"] == "graded" else criterion["bands"]
    return max(row["points"] for row in rows)


def _arithmetic_problems(data: dict[str, Any]) -> Problems:
    """Each problem names its place, so the author can find it."""
    problems = Problems()
    levels = sorted(row["level"] for row in data["levels"])
    top = levels[-1] if levels else 0
    if levels != list(range(top + 1)):
        problems.add(_("levels must be 0 … %(top)s, each once"), top=top)
    bounds = [row["up_to"] for row in data["pillar_levels"]]
    if bounds != sorted(set(bounds)) or bounds[-1] != 100:
        problems.add(_("pillar_levels: up_to must rise and end at 100"))
    if [row["level"] for row in data["pillar_levels"]] != list(range(len(bounds))):
        problems.add(_("pillar_levels: the levels must be 0, 1, 2 … in order"))
    rules = data["overall_levels"]
    if [row["level"] for row in rules] != list(range(1, top + 1)):
        problems.add(_("overall_levels: one row for each level 1 … %(top)s, in order"), top=top)
    if any(row["pillars_at_level"] > len(data["pillars"]) for row in rules):
        problems.add(_("overall_levels: a rule asks for more than %(count)s pillars"), count=len(data["pillars"]))
    codes: set[str] = set()
    total = 0
    for p_index, pillar in enumerate(data["pillars"], start=1):
        if pillar["code"] != str(p_index):
            problems.add(_("pillar %(code)s: the code should be %(expected)s"), code=pillar["code"], expected=p_index)
        missing = [str(level) for level in range(top) if str(level) not in pillar["recommendations"]]
        if missing:
            problems.add(
                _("pillar %(code)s: no recommendation for level %(levels)s"),
                code=pillar["code"],
                levels=", ".join(missing),
            )
        pillar_sum = 0
        for i_index, indicator in enumerate(pillar["indicators"], start=1):
            expected = f"{pillar['code']}.{i_index}"
            if indicator["code"] != expected:
                problems.add(_("indicator %(code)s: the code should be %(expected)s"), code=indicator["code"],
                             expected=expected)  # fmt: skip
            indicator_sum = 0
            for c_index, criterion in enumerate(indicator["criteria"], start=1):
                code, expected = criterion["code"], f"{indicator['code']}.{c_index}"
                if code != expected:
                    problems.add(_("criterion %(code)s: the code should be %(expected)s"), code=code, expected=expected)
                if code in codes:
                    problems.add(_("criterion %(code)s appears twice"), code=code)
                codes.add(code)
                _criterion_problems(criterion, problems)
                indicator_sum += criterion_max(criterion)
            if indicator_sum != indicator["max_points"]:
                problems.add(
                    _("indicator %(code)s: max_points %(stated)s ≠ %(sum)s, the sum of its criteria"),
                    code=indicator["code"],
                    stated=indicator["max_points"],
                    sum=indicator_sum,
                )
            pillar_sum += indicator["max_points"]
        if pillar_sum != pillar["max_points"]:
            problems.add(
                _("pillar %(code)s: max_points %(stated)s ≠ %(sum)s, the sum of its indicators"),
                code=pillar["code"],
                stated=pillar["max_points"],
                sum=pillar_sum,
            )
        total += pillar["max_points"]
    if total != data["max_points"]:
        problems.add(_("max_points %(stated)s ≠ %(sum)s, the sum of the pillars"), stated=data["max_points"], sum=total)
    return problems


def _criterion_problems(criterion: dict[str, Any], problems: Problems) -> None:
    code = criterion["code"]
    if criterion["kind"] == "graded":
        points = [option["points"] for option in criterion["options"]]
        if any(point <= 0 for point in points) or points != sorted(set(points)):
            problems.add(_("criterion %(code)s: option points must be above 0 and rise strictly"), code=code)
        return
    bands = criterion["bands"]
    above = [band["above"] for band in bands]
    points = [band["points"] for band in bands]
    if above != sorted(set(above)) or any(point <= 0 for point in points) or points != sorted(set(points)):
        problems.add(_("criterion %(code)s: bands must rise strictly, in “above” and in points above 0"), code=code)


class Problems(list[tuple[Any, dict[str, Any]]]):
    """Problems found in a model file, rendered in the language active when the message is shown."""

    def add(self, template: Any, **params: Any) -> None:
        self.append((template, params))

    def __str__(self) -> str:
        return "; ".join(str(template) % params if params else str(template) for template, params in self)
