"""Time the registry list on 100,000 enterprises: accent-insensitive search, filters, sorting.

Usage (a migrated database with the reference data):
    DJANGO_DEBUG=1 .venv/bin/python bench/registry_search.py [--enterprises 100000] [--requests 10] [--runs 5]
        [--province SLUG]
Without --province it fills a province of its own (bench-search) with --enterprises demo enterprises;
with it, it searches that province as it is (`make bench` passes the province `bench/seed_load.py` fills).
Each run asks every query `--requests` times in turn. The last line is JSON: per query, the median and
95th percentile in ms (each the median of the runs, with `median_ms_runs`/`p95_ms_runs`:
{"min", "median", "max"}); `slowest_p95_ms` is the worst query's. No goal in issues 7 or 19.
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
from django_tenants.utils import schema_context  # noqa: E402

from accounts.models import User  # noqa: E402
from demo.enterprises import demo_enterprises_ensure  # noqa: E402
from enterprises.models import Enterprise  # noqa: E402
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
    parser.add_argument("--requests", type=int, default=10, help="of each query in each run")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--province", help="search this existing province instead of filling bench-search")
    args = parser.parse_args()
    if args.province:
        measure(Province.objects.get(slug=args.province), args)
        return
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
    measure(province, args)


def measure(province: Province, args: argparse.Namespace) -> None:
    client = Client(HTTP_HOST=f"{province.slug}.localhost")
    with schema_context(province.schema_name):
        enterprises = Enterprise.objects.count()
        admin = User.objects.filter(groups__name="province_admin").order_by("pk").first()
        assert admin is not None, f"{province.slug} has no province admin"
        client.force_login(admin)
    medians: dict[str, list[float]] = {name: [] for name in QUERIES}
    p95s: dict[str, list[float]] = {name: [] for name in QUERIES}
    for _run in range(args.runs):
        for name, query in QUERIES.items():
            timings = []
            for _ in range(args.requests):
                started = time.perf_counter()
                response = client.get("/enterprises/", query)
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (name, response.status_code)
            medians[name].append(statistics.median(timings))
            p95s[name].append(percentile(timings, 0.95))
    results = {name: {**with_spread("median_ms", medians[name], 1), **with_spread("p95_ms", p95s[name], 1)}
               for name in QUERIES}  # fmt: skip
    slowest = max(QUERIES, key=lambda name: statistics.median(p95s[name]))
    print(json.dumps({
        "bench": "registry_search", "province": province.slug, "enterprises": enterprises, "runs": args.runs,
        "requests": args.requests, "slowest_query": slowest, **with_spread("slowest_p95_ms", p95s[slowest], 1),
        "queries": results,
    }))  # fmt: skip


if __name__ == "__main__":
    main()
