"""Time a newcomer's first page: a fresh clone, `make run`, until Đồng Nai's home page answers.

Usage: python3 bench/first_page.py [--runs 1] [--timeout 1800] [--repo .]
Each run clones the repository's committed HEAD into a temporary folder and starts `make run` there
with a free PORT and no DATABASE_URL or REDIS_URL, as on a newcomer's machine: a new virtualenv (pip
may reuse its download cache, never the existing .venv), npm ci, the catalogues, the embedded
PostgreSQL, migrations and the demo seed, then runserver. It polls http://dong-nai.localhost:PORT/
(following redirects, e.g. to the sign-in page) until it answers 200, then stops runserver and the
embedded PostgreSQL (`make stop-db`) and removes the folder. The output of `make run` goes to stderr,
each line after the seconds since the start, with the machine's load average at the start and end.
The last line is JSON: seconds (from `make run` to the first 200, the median of the runs, with
`seconds_runs`: {"min", "median", "max"}). Goal (issue 19): < 60 s.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO

from spread import with_spread  # bench/spread.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
# The newcomer's shell has none of the portal's settings, nor this machine's virtualenv, nor the
# options of a `make bench` that started this script.
UNSET = {"DATABASE_URL", "REDIS_URL", "VIRTUAL_ENV", "DJANGO_DEBUG", "DJANGO_SETTINGS_MODULE", "PORT", "PYTHON",
         "MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES"}  # fmt: skip


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def answers(port: int) -> bool:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/", headers={"Host": f"dong-nai.localhost:{port}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def _load() -> str:
    return " ".join(f"{average:.2f}" for average in os.getloadavg())


def _timestamped(stream: IO[bytes], started: float) -> None:
    for line in iter(stream.readline, b""):
        sys.stderr.write(f"[{time.perf_counter() - started:6.1f}s] {line.decode(errors='replace')}")
        sys.stderr.flush()


def one_run(repo: Path, timeout: float) -> float:
    folder = Path(tempfile.mkdtemp(prefix="dbi-first-page-"))
    clone = folder / "portal"
    env = {name: value for name, value in os.environ.items() if name not in UNSET}
    env["PYTHONUNBUFFERED"] = "1"  # each line timestamped when printed, not when a pipe's buffer fills
    try:
        subprocess.run(["git", "clone", "--quiet", str(repo), str(clone)], check=True)
        port = free_port()
        started = time.perf_counter()
        sys.stderr.write(f"load average at the start: {_load()}\n")
        server = subprocess.Popen(
            ["make", "run", f"PORT={port}"], cwd=clone, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: runserver's autoreloader child stops with it
        )  # fmt: skip
        # Each line of `make run` on stderr with the seconds since the start: where the time goes.
        threading.Thread(target=_timestamped, args=(server.stdout, started), daemon=True).start()
        try:
            while not answers(port):
                if server.poll() is not None:
                    sys.exit(f"`make run` stopped (exit {server.returncode}) before the first page answered")
                if time.perf_counter() - started > timeout:
                    sys.exit(f"no first page within {timeout:.0f} s")
                time.sleep(0.5)
            seconds = time.perf_counter() - started
            sys.stderr.write(f"[{seconds:6.1f}s] first 200; load average: {_load()}\n")
            return seconds
        finally:
            # The database first, while runserver still runs: the embedded server's bookkeeping file is
            # rewritten by every process that exits, and a signal to all of them at once can leave it empty.
            if (clone / ".venv" / "bin" / "python").exists():
                subprocess.run(["make", "stop-db"], cwd=clone, env=env, stdout=sys.stderr, check=False)
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGTERM)
                try:
                    server.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(server.pid, signal.SIGKILL)
                    server.wait()
            if (clone / ".data" / "postgres" / "postmaster.pid").exists():
                sys.stderr.write("warning: the embedded PostgreSQL still runs (.data/postgres/postmaster.pid)\n")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="each one a new clone and a new virtualenv")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds allowed to one run")
    parser.add_argument("--repo", type=Path, default=ROOT, help="the repository to clone (default: this one)")
    args = parser.parse_args()
    seconds = [one_run(args.repo, args.timeout) for _ in range(args.runs)]
    print(json.dumps({"runs": args.runs, **with_spread("seconds", seconds, 1)}))


if __name__ == "__main__":
    main()
