"""Time the province pages a department officer opens most, and count their SQL queries.

Usage (after `make run` has seeded the demo, or with DATABASE_URL set to a seeded database):
    DJANGO_DEBUG=1 .venv/bin/python bench/pages.py [--requests 20] [--runs 5] [--province dong-nai]
Each run asks every page `--requests` times in turn. Prints one JSON object on its last line: per
page, the median and 95th percentile in ms (each the median of the runs, with
`median_ms_runs`/`p95_ms_runs`: {"min", "median", "max"}) and its SQL queries; `slowest_p95_ms` is
the worst page's. No goal of its own: the dashboard's under load is `stats_api.py`'s (issue 19).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

from spread import percentile, with_spread  # bench/spread.py, beside this script

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dbi_portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django_tenants.utils import schema_context  # noqa: E402

from accounts.models import User  # noqa: E402

PAGES = [
    "/", "/enterprises/", "/enterprises/?q=thuong+mai", "/accounts/users/", "/audit/", "/healthz",
    "/programme/plans/", "/programme/activities/", "/programme/kpi/", "/programme/honours/",
]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=20, help="of each page in each run")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--province", default="dong-nai")
    args = parser.parse_args()

    client = Client(HTTP_HOST=f"{args.province}.localhost")
    with schema_context(args.province.replace("-", "_")):
        client.force_login(User.objects.get(email=f"admin@{args.province}.localhost"))
    medians: dict[str, list[float]] = {page: [] for page in PAGES}
    p95s: dict[str, list[float]] = {page: [] for page in PAGES}
    for _run in range(args.runs):
        for page in PAGES:
            timings = []
            for _ in range(args.requests):
                started = time.perf_counter()
                response = client.get(page)
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (page, response.status_code)
            medians[page].append(statistics.median(timings))
            p95s[page].append(percentile(timings, 0.95))
    results: dict[str, dict[str, object]] = {}
    for page in PAGES:
        with CaptureQueriesContext(connection) as queries:
            client.get(page)
        results[page] = {
            **with_spread("median_ms", medians[page], 2), **with_spread("p95_ms", p95s[page], 2),
            "queries": len(queries),
        }  # fmt: skip
    slowest = max(PAGES, key=lambda page: statistics.median(p95s[page]))
    print(json.dumps({
        "bench": "pages", "runs": args.runs, "requests_per_page": args.requests, "slowest_page": slowest,
        **with_spread("slowest_p95_ms", p95s[slowest], 2), "pages": results,
    }))  # fmt: skip


if __name__ == "__main__":
    main()
