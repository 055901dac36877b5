"""Serve the portal with gunicorn and drive the main statistics endpoint and the dashboard with wrk.

Usage (after `bench/seed_load.py` filled the province; needs Debian's wrk and a Redis server):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dbi_bench REDIS_URL=redis://127.0.0.1:6379/3 \\
        .venv/bin/python bench/stats_api.py [--province bench] [--connections 50] [--seconds 20] [--runs 5]
gunicorn runs production settings (DEBUG off) and gunicorn.conf.py (as deployed); the figures are computed on the
first request of each URL and then read from the cache, as in production. wrk keeps 50 connections
open on each URL in turn, `--runs` times (API, dashboard, API, …) for `--seconds` each; its Lua hook
reports the 95th percentile of latency.
The last line is JSON: api_p95_ms, dashboard_p95_ms, rps (the API's), dashboard_rps, and api_cpu_ms,
dashboard_cpu_ms (gunicorn's CPU time per answer, which the machine's other load does not change), each
the median of the runs, with `<key>_runs: {"min", "median", "max"}`. `--threads N` serves with gthread
workers of N threads instead of the deployed sync ones.
Goals: API p95 < 100 ms, dashboard p95 < 150 ms (issue 7); API p95 < 50 ms, dashboard p95 < 100 ms,
each the median of the runs (issue 19).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import requests
from spread import with_spread  # bench/spread.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PASSWORD = "dbi-demo-2026"
LUA = """
done = function(summary, latency, requests)
  io.write(string.format("P95 %d\\n", latency:percentile(95)))
end
"""


def credentials(province: str, env: dict[str, str]) -> tuple[str, str]:
    """A registry key and a signed-in session of the province's admin, made in a Django shell (the
    production cookies are HTTPS-only, so the bench does not log in over plain HTTP)."""
    code = (
        "from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY\n"
        "from django.contrib.sessions.backends.cached_db import SessionStore\n"
        "from django_tenants.utils import schema_context\n"
        "from accounts.middleware import SESSION_SCHEMA_KEY\n"
        "from accounts.models import User\n"
        "from api.services import api_key_issue\n"
        f"schema = {province.replace('-', '_')!r}\n"
        "with schema_context(schema):\n"
        "    admin = User.objects.filter(groups__name='province_admin').order_by('pk').first()\n"
        "    session = SessionStore()\n"
        "    session.update({SESSION_KEY: str(admin.pk), BACKEND_SESSION_KEY:\n"
        "        'accounts.backends.CachedModelBackend', HASH_SESSION_KEY: admin.get_session_auth_hash(),\n"
        "        SESSION_SCHEMA_KEY: schema})\n"
        "    session.create()\n"
        "    print(api_key_issue(name='bench', scope='registry', user=admin)[1], session.session_key)\n"
    )
    out = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", code],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    key, session = out.stdout.strip().splitlines()[-1].split()
    return key, session


class CpuMeter:
    """CPU time of gunicorn's master and workers, read every 0.2 s: a worker renewed after
    max_requests takes its time with it, so the last reading of each process is kept."""

    def __init__(self, server: psutil.Process) -> None:
        self.server = server
        self.seen: dict[int, float] = {}
        self.running = True
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def _watch(self) -> None:
        while self.running:
            self.read()
            time.sleep(0.2)

    def read(self) -> float:
        with self.lock:
            for process in [self.server, *self.server.children(recursive=True)]:
                try:
                    times = process.cpu_times()
                except psutil.NoSuchProcess:
                    continue
                self.seen[process.pid] = times.user + times.system
            return sum(self.seen.values())


def drive(url: str, headers: dict[str, str], connections: int, seconds: int, script: str) -> tuple[float, float, int]:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", script, "--timeout", "10s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    sys.stderr.write(out)
    p95_us = int(re.search(r"^P95 (\d+)", out, re.M).group(1))  # type: ignore[union-attr]
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        sys.stderr.write(f"warning: {non2xx.group(1)} answers were not 2xx/3xx\n")
    answered = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    return p95_us / 1000, rps, answered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--province", default="bench")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=20, help="of each wrk run")
    parser.add_argument("--runs", type=int, default=5, help="wrk runs on each URL")
    parser.add_argument("--port", type=int, default=8077)
    parser.add_argument("--workers", type=int, help="gunicorn's workers (default: gunicorn.conf.py's, as deployed)")
    parser.add_argument(
        "--threads", type=int, help="threads of each worker (gunicorn's gthread workers; default: sync)"
    )
    args = parser.parse_args()
    if not os.environ.get("REDIS_URL"):
        sys.exit("Set REDIS_URL: gunicorn's workers share the figures through the cache, as in production.")
    host = f"{args.province}.localhost"
    base = f"http://127.0.0.1:{args.port}"
    env = os.environ | {
        "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        "SECURE_SSL_REDIRECT": "0", "API_KEY_RATE": "1000000/min", "AXES_ENABLED": "0", "LOG_LEVEL": "WARNING",
        "DATABASE_CONN_MAX_AGE": "60",
    }  # fmt: skip
    raw_key, session_key = credentials(args.province, env)  # signed with the server's secret key
    # Production settings serve hashed static files: collect them as a deployment does.
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v", "0"], env=env, check=True
    )
    api_p95: list[float] = []
    api_rps: list[float] = []
    page_p95: list[float] = []
    page_rps: list[float] = []
    api_cpu: list[float] = []
    page_cpu: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "p95.lua"
        script.write_text(LUA)
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "dbi_portal.wsgi", "-c", str(ROOT / "gunicorn.conf.py"),
             "-b", f"127.0.0.1:{args.port}", "--pid", str(Path(folder) / "gunicorn.pid"),
             *(["-w", str(args.workers)] if args.workers else []),
             *(["-k", "gthread", "--threads", str(args.threads)] if args.threads else [])],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=sys.stderr,
        )  # fmt: skip
        try:
            for _ in range(60):
                try:
                    requests.get(f"{base}/accounts/login/", headers={"Host": host}, timeout=10)
                    break
                except requests.RequestException:
                    time.sleep(0.5)
            api_headers = {"Host": host, "Authorization": f"Api-Key {raw_key}"}
            page_headers = {"Host": host, "Cookie": f"sessionid={session_key}"}
            # The first request of each computes and caches the figures; then wrk measures.
            assert requests.get(f"{base}/api/v1/statistics/", headers=api_headers, timeout=60).status_code == 200
            assert requests.get(f"{base}/", headers=page_headers, timeout=60).status_code == 200
            # The two URLs take turns, so a burst of noise on a shared machine touches both alike.
            # The serving processes' CPU time per answer does not depend on what else the machine runs.
            meter = CpuMeter(psutil.Process(server.pid))
            for _run in range(args.runs):
                before = meter.read()
                p95, rps, answered = drive(
                    f"{base}/api/v1/statistics/", api_headers, args.connections, args.seconds, str(script)
                )
                api_p95.append(p95)
                api_rps.append(rps)
                api_cpu.append(1000 * (meter.read() - before) / max(answered, 1))
                before = meter.read()
                p95, rps, answered = drive(f"{base}/", page_headers, args.connections, args.seconds, str(script))
                page_p95.append(p95)
                page_rps.append(rps)
                page_cpu.append(1000 * (meter.read() - before) / max(answered, 1))
        finally:
            if "meter" in locals():
                meter.running = False
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    # The calls wait in Redis (as in production, written every minute by beat): write them now.
    code = (
        "from django_tenants.utils import schema_context\nfrom api.services import api_calls_flush\n"
        f"with schema_context({args.province.replace('-', '_')!r}):\n    print(api_calls_flush())\n"
    )
    flushed = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", code], env=env, capture_output=True, text=True
    )
    written = (flushed.stdout.strip().splitlines() or [flushed.stderr.strip()])[-1]
    sys.stderr.write(f"API calls written to the log: {written}\n")
    print(json.dumps({
        "runs": args.runs, "seconds": args.seconds, "connections": args.connections,
        **with_spread("api_p95_ms", api_p95, 1), **with_spread("dashboard_p95_ms", page_p95, 1),
        **with_spread("rps", api_rps), **with_spread("dashboard_rps", page_rps),
        **with_spread("api_cpu_ms", api_cpu, 2), **with_spread("dashboard_cpu_ms", page_cpu, 2),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
