"""Time the province pages a department officer opens most, and count their SQL queries.

Usage (after `make run` has seeded the demo, or with DATABASE_URL set to a seeded database):
    DJANGO_DEBUG=1 .venv/bin/python bench/pages.py [--requests 50]
Prints one JSON object on its last line: per page, median and 95th percentile in ms and queries.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

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
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--province", default="dong-nai")
    args = parser.parse_args()

    client = Client(HTTP_HOST=f"{args.province}.localhost")
    with schema_context(args.province.replace("-", "_")):
        client.force_login(User.objects.get(email=f"admin@{args.province}.localhost"))
    results = {}
    for page in PAGES:
        timings = []
        for _ in range(args.requests):
            started = time.perf_counter()
            response = client.get(page)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (page, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(page)
        timings.sort()
        results[page] = {
            "median_ms": round(statistics.median(timings), 2),
            "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 2),
            "queries": len(queries),
        }
    print(json.dumps({"bench": "pages", "requests_per_page": args.requests, "pages": results}))


if __name__ == "__main__":
    main()
