"""Build the yearly report of a big province from the command line and measure it.

Usage (after `bench/seed_load.py` filled the province):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dbi_bench DJANGO_DEBUG=1 \\
        .venv/bin/python bench/report_pdf.py [--province bench] [--year 2026] [--runs 5]
It runs `manage.py build_yearly_report` `--runs` times, each in a fresh process (statistics, charts,
WeasyPrint PDF and the Excel annex with its lists), as an operator or the Celery worker would; each
run's peak memory is its own process's.
The last line is JSON: seconds, cpu_seconds (the command's and its annex child's), peak_rss_mb (each
the median of the runs, with `<key>_runs`: {"min", "median", "max"}), pages.
Goals: < 10 s, < 500 MB (issue 7); < 5 s, < 300 MB (issue 19).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from spread import with_spread  # bench/spread.py, beside this script

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--province", default="bench")
    parser.add_argument("--year", type=int, default=datetime.date.today().year)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    env = {**os.environ, "DJANGO_DEBUG": os.environ.get("DJANGO_DEBUG", "1")}
    seconds, cpu, peaks = [], [], []
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "report.pdf"
        for _run in range(args.runs):
            elapsed, cpu_seconds, peak_mb = build(args.province, args.year, out, env, Path(folder) / "stderr.txt")
            seconds.append(elapsed)
            cpu.append(cpu_seconds)
            peaks.append(peak_mb)
        info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
        pages = next(int(line.split()[-1]) for line in info.splitlines() if line.startswith("Pages:"))
    print(json.dumps({
        "runs": args.runs, **with_spread("seconds", seconds, 2), **with_spread("cpu_seconds", cpu, 2),
        **with_spread("peak_rss_mb", peaks), "pages": pages,
    }))  # fmt: skip


def build(province: str, year: int, out: Path, env: dict[str, str], log: Path) -> tuple[float, float, float]:
    """One report in a fresh process: its seconds, its CPU seconds (with the children it waited for)
    and its own peak RSS in MB (wait4 reads the process's own usage, where RUSAGE_CHILDREN would keep
    the largest of all runs)."""
    with log.open("w+") as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "build_yearly_report", "--province", province,
             "--year", str(year), "--out", str(out)],
            env=env, stdout=subprocess.DEVNULL, stderr=stderr,
        )  # fmt: skip
        _pid, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        stderr.seek(0)
        sys.stderr.write(stderr.read())
    if process.returncode != 0:
        sys.exit(process.returncode)
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


if __name__ == "__main__":
    main()
