"""Model files: the loader refuses a file that does not add up, naming the place."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from assessments.modelfile import ModelFileError, definition_check, model_file_path, model_file_read

SHIPPED = model_file_read(model_file_path("qd1970-sme"))


def broken(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    definition = copy.deepcopy(SHIPPED)
    change(definition)
    return definition


def _criterion(definition: dict[str, Any], code: str) -> dict[str, Any]:
    return next(
        criterion
        for pillar in definition["pillars"]
        for indicator in pillar["indicators"]
        for criterion in indicator["criteria"]
        if criterion["code"] == code
    )


@pytest.mark.parametrize(
    ("change", "vi", "en"),
    [
        (lambda d: d["pillars"][2].update(max_points=81), "trụ cột 3", "pillar 3: max_points 81 ≠ 80"),
        (lambda d: d["pillars"][0]["indicators"][1].update(max_points=19), "1.2", "indicator 1.2: max_points 19 ≠ 20"),
        (lambda d: d.update(max_points=300), "300", "max_points 300 ≠ 320"),
        (lambda d: _criterion(d, "1.1.1")["options"][4].update(points=6), "1.1", "indicator 1.1: max_points 45 ≠ 46"),
        (lambda d: _criterion(d, "1.1.2")["options"][1].update(points=1), "1.1.2", "criterion 1.1.2: option points"),
        (lambda d: _criterion(d, "1.1.4").update(code="1.1.7"), "1.1.4", "criterion 1.1.7: the code should be 1.1.4"),
        (lambda d: d["overall_levels"].pop(), "overall_levels", "overall_levels: one row for each level"),
        (lambda d: d["pillars"][0]["recommendations"].pop("2"), "2", "pillar 1: no recommendation for level 2"),
    ],
)
def test_points_that_do_not_add_up_are_refused_with_the_place(
    change: Callable[[dict[str, Any]], None], vi: str, en: str
) -> None:
    with pytest.raises(ModelFileError) as caught:
        definition_check(broken(change))
    assert vi in caught.value.in_language("vi")
    assert en in caught.value.in_language("en")


def test_a_missing_translation_is_refused_with_its_path() -> None:
    definition = broken(lambda d: _criterion(d, "3.2.5")["question"].pop("en"))
    with pytest.raises(ModelFileError) as caught:
        definition_check(definition)
    assert "pillars/2/indicators/1/criteria/4/question" in caught.value.in_language("en")


def test_a_file_that_is_not_yaml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("key: [unclosed", encoding="utf-8")
    with pytest.raises(ModelFileError) as caught:
        model_file_read(path)
    assert "bad.yaml" in caught.value.bilingual()


def test_a_new_model_is_a_new_file_without_code_changes(tmp_path: Path) -> None:
    """A model with a different key and other texts loads like the shipped one."""
    definition = copy.deepcopy(SHIPPED)
    definition["key"] = "qd2158-sme"
    definition["title"] = {"vi": "Bộ chỉ số theo Quyết định 2158", "en": "QĐ 2158 index"}
    path = tmp_path / "qd2158-sme.yaml"
    path.write_text(yaml.safe_dump(definition, allow_unicode=True), encoding="utf-8")
    assert model_file_read(path)["key"] == "qd2158-sme"


def test_the_shipped_ratio_bands_are_marked_provisional() -> None:
    ratios = [c for p in SHIPPED["pillars"] for i in p["indicators"] for c in i["criteria"] if c["kind"] == "ratio"]
    assert len(ratios) >= 8
    assert all(criterion.get("provisional") for criterion in ratios)
