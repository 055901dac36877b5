"""Time the registry list on 100,000 enterprises: accent-insensitive search, filters, sorting.

Usage (a migrated database with the reference data):
    DJANGO_DEBUG=1 .venv/bin/python bench/registry_search.py [--enterprises 100000] [--requests 20]
The last line is JSON: per query, the median and 95th percentile in ms.
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
from django_tenants.utils import schema_context  # noqa: E402

from accounts.models import User  # noqa: E402
from demo.enterprises import demo_enterprises_ensure  # noqa: E402
from reference.loaders import reference_data_load  # noqa: E402
from tenants.models import Province  # noqa: E402
from tenants.services import province_create  # noqa: E402

SLUG, SCHEMA = "bench-search", "bench_search"
QUERIES = {
    "all": {},
    "search_accents": {"q": "thuong mai phat"},
    "search_vietnamese": {"q": "Thương mại Phát"},
    "tax_code_prefix": {"q": "3601"},
    "size_and_status": {"size": "small", "status": "active"},
    "section_sorted": {"section": "C", "sort": "-updated"},
    "page_200": {"page": "200"},
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    reference_data_load()
    province = Province.objects.filter(slug=SLUG).first()
    if province is None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        province = province_create(
            name="Bench", code="98", slug=SLUG, admin_email="admin@bench.vn", admin_password="bench-password-2026"
        ).province
    with schema_context(province.schema_name):
        demo_enterprises_ensure(province_code="75", count=args.enterprises)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE enterprises_enterprise")
        client = Client(HTTP_HOST=f"{SLUG}.localhost")
        client.force_login(User.objects.get(email="admin@bench.vn"))
    results = {}
    for name, query in QUERIES.items():
        timings = []
        for _ in range(args.requests):
            started = time.perf_counter()
            response = client.get("/enterprises/", query)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (name, response.status_code)
        timings.sort()
        results[name] = {
            "median_ms": round(statistics.median(timings), 1),
            "p95_ms": round(timings[max(0, int(len(timings) * 0.95) - 1)], 1),
        }
    print(json.dumps({"bench": "registry_search", "enterprises": args.enterprises, "queries": results}))


if __name__ == "__main__":
    main()
