"""Build the yearly report of a big province from the command line and measure it.

Usage (after `bench/seed_load.py` filled the province):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dbi_bench DJANGO_DEBUG=1 \\
        .venv/bin/python bench/report_pdf.py [--province bench] [--year 2026]
It runs `manage.py build_yearly_report` in a fresh process (statistics, charts, WeasyPrint PDF and the
Excel annex with its lists), as an operator or the Celery worker would.
The last line is JSON: seconds, cpu_seconds (the command's and its annex child's), peak_rss_mb, pages.
Goal (issue 7): < 10 s, < 500 MB.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--province", default="bench")
    parser.add_argument("--year", type=int, default=datetime.date.today().year)
    args = parser.parse_args()
    env = {**os.environ, "DJANGO_DEBUG": os.environ.get("DJANGO_DEBUG", "1")}
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "report.pdf"
        started = time.perf_counter()
        completed = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "build_yearly_report", "--province", args.province,
             "--year", str(args.year), "--out", str(out)],
            env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        seconds = time.perf_counter() - started
        if completed.returncode != 0:
            sys.stderr.write(completed.stderr)
            sys.exit(completed.returncode)
        sys.stderr.write(completed.stderr)
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak_kb = used.ru_maxrss
        info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
        pages = next(int(line.split()[-1]) for line in info.splitlines() if line.startswith("Pages:"))
    # CPU seconds of the command and its annex child: on a machine busy with other work, the wall
    # time says more about the neighbours than about the report.
    cpu = used.ru_utime + used.ru_stime
    print(
        json.dumps(
            {
                "seconds": round(seconds, 2),
                "cpu_seconds": round(cpu, 2),
                "peak_rss_mb": round(peak_kb / 1024),
                "pages": pages,
            }
        )
    )


if __name__ == "__main__":
    main()
