"""Scoring model versions in a province: loaded, copied, corrected, published; dbi_score and the API."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django_tenants.utils import schema_context

from assessments.modelfile import model_file_path, model_file_read
from assessments.models import ModelStatus, ModelVersion
from assessments.selectors import model_version_published
from assessments.services.versions import model_version_copy, model_version_load, model_version_publish
from core.errors import ApplicationError
from core.models import AuditEntry
from tests.conftest import World, client_for

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = model_file_read(model_file_path("qd1970-sme"))


def test_every_province_starts_with_the_shipped_model_published(world: World, db: None) -> None:
    for province in (world.province_a, world.province_b):
        with schema_context(province.schema_name):
            version = model_version_published(key="qd1970-sme")
            assert version.status == ModelStatus.PUBLISHED
            assert len(version.criteria()) == 60


def test_loading_the_same_file_twice_adds_nothing(world: World, db: None, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("load_dbi_model", "qd1970-sme", province=["dong-nai"])
    assert json.loads(capsys.readouterr().out.splitlines()[-1]) == {"created": 0, "unchanged": 1}
    with schema_context(world.province_a.schema_name):
        assert ModelVersion.objects.filter(key="qd1970-sme").count() == 1


def test_a_bad_file_is_refused_by_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("key: qd1970-sme\nmax_points: 1\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exited:
        call_command("load_dbi_model", str(path))
    assert exited.value.code == 2
    assert "Lỗi / Error" in capsys.readouterr().err


def test_a_correction_is_a_new_version_and_the_published_one_never_changes(world: World, db: None) -> None:
    with schema_context(world.province_a.schema_name):
        published = model_version_published(key="qd1970-sme")
        draft = model_version_copy(version=published, user=world.admin_a)
        client = client_for(world.province_a, world.admin_a)
        form = client.get(f"/assessments/models/{draft.uuid}/criteria/1.1.3/")
        assert form.status_code == 200
        data = {name: field.initial for name, field in form.context["form"].fields.items()}
        data |= {"bands": "0 1\n15 2\n30 3\n45 4\n70 5", "provisional": ""}
        data["title_vi"] = "Tỷ lệ chi cho tiếp thị số (đã hiệu chỉnh)"
        response = client.post(f"/assessments/models/{draft.uuid}/criteria/1.1.3/", data)
        assert response.status_code == 302
        draft.refresh_from_db()
        criterion = next(c for c in draft.criteria() if c["code"] == "1.1.3")
        assert criterion["bands"][1] == {"above": 15, "points": 2}
        assert not criterion["provisional"]
        assert criterion["title"]["vi"].endswith("(đã hiệu chỉnh)")
        published.refresh_from_db()
        assert published.definition == SHIPPED  # untouched
        # Still the old version until the draft is published.
        assert model_version_published(key="qd1970-sme") == published
        response = client.post(f"/assessments/models/{draft.uuid}/publish/", {"note": "Hiệu chỉnh ngưỡng 1.1.3"})
        assert model_version_published(key="qd1970-sme") == draft
        with pytest.raises(ApplicationError):
            model_version_publish(version=draft, note="again", user=world.admin_a)
        # A published version's criterion page is not editable.
        assert client.get(f"/assessments/models/{draft.uuid}/criteria/1.1.3/").status_code == 404
        assert AuditEntry.objects.filter(action="model_version.publish").exists()
    with schema_context(world.province_b.schema_name):
        assert model_version_published(key="qd1970-sme").number == 1  # province B unaffected


def test_a_draft_with_bands_that_do_not_rise_is_refused_on_the_page(world: World, db: None) -> None:
    with schema_context(world.province_a.schema_name):
        draft = model_version_copy(version=model_version_published(key="qd1970-sme"), user=world.admin_a)
    client = client_for(world.province_a, world.admin_a)
    url = f"/assessments/models/{draft.uuid}/criteria/1.1.3/"
    data = {name: field.initial for name, field in client.get(url).context["form"].fields.items()}
    response = client.post(url, data | {"bands": "0 1\n20 3\n10 2"})
    assert response.status_code == 200
    assert "1.1.3" in response.text
    assert "tăng dần" in response.text
    response = client.post(url, data | {"bands": "mười 1"})
    assert "Dòng 1" in response.text


def test_officers_read_the_model_but_only_administrators_correct_it(world: World, db: None) -> None:
    with schema_context(world.province_a.schema_name):
        version = model_version_published(key="qd1970-sme")
    officer = client_for(world.province_a, world.staff_a)
    page = officer.get(f"/assessments/models/{version.uuid}/")
    assert page.status_code == 200
    assert "1.1.1" in page.text
    assert "Chưa khởi động" in page.text
    assert "Copy into a draft" not in page.text
    assert "Sao chép" not in page.text
    assert officer.post(f"/assessments/models/{version.uuid}/copy/").status_code == 404


def test_dbi_score_needs_no_database(tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"1.1.1": 3, "2.1.1": 4, "1.1.3": {"numerator": 30, "denominator": 100}}))
    env = os.environ | {"DATABASE_URL": "postgres://nobody@127.0.0.1:9/none", "DJANGO_DEBUG": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    command = [sys.executable, "manage.py", "dbi_score", "--model", "qd1970-sme", str(answers)]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["total"] == 3 + 20 + result["pillars"][0]["points"] - 3
    assert [pillar["code"] for pillar in result["pillars"]] == ["1", "2", "3", "4", "5", "6"]
    assert result["pillars"][1] == {"code": "2", "points": 20, "max": 25, "level": 4}
    assert (result["overall_level"], result["overall_level_name"]) == (0, "Chưa khởi động")

    answers.write_text(json.dumps({"1.1.1": 9}))
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2
    assert "1.1.1" in done.stderr


def test_dbi_score_with_a_province_uses_its_published_version(
    world: World, db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"2.1.1": 5}))
    call_command("dbi_score", str(answers), model="qd1970-sme", province="dong-nai")
    result = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert (result["total"], result["version"]) == (25, 1)


def test_the_scoring_api_answers_as_the_command_does(world: World, db: None) -> None:
    client = client_for(world.province_a, world.staff_a)
    body: dict[str, Any] = {"2.1.1": 5, "1.1.3": {"numerator": 30, "denominator": 100}}
    response = client.post("/api/v1/scoring/qd1970-sme/", body, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["pillars"][1] == {"code": "2", "points": 25, "max": 25, "level": 5}
    response = client.post("/api/v1/scoring/qd1970-sme/", {"1.1.3": {"numerator": 1, "denominator": 0}},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 400
    assert "1.1.3" in response.json()["error"]["message"]["vi"]
    assert "1.1.3" in response.json()["error"]["message"]["en"]
    missing = client.post("/api/v1/scoring/khong-co/", {}, content_type="application/json")
    assert missing.status_code == 404
    assert set(missing.json()["error"]["message"]) == {"vi", "en"}
    anonymous = client_for(world.province_a)
    assert anonymous.post("/api/v1/scoring/qd1970-sme/", body, content_type="application/json").status_code in (
        401,
        403,
    )


def test_a_model_loaded_in_one_province_is_not_in_another(world: World, db: None) -> None:
    definition = SHIPPED | {"key": "dong-nai-rieng"}
    with schema_context(world.province_a.schema_name):
        model_version_load(definition=definition)
    client_b = client_for(world.province_b, world.admin_b)
    assert client_b.post("/api/v1/scoring/dong-nai-rieng/", {}, content_type="application/json").status_code == 404
