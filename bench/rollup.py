"""Time the national rollup over 34 provinces' snapshots (the country since 1/7/2025).

Usage (a migrated database, e.g. the one `bench/seed_load.py` fills):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dbi_bench DJANGO_DEBUG=1 .venv/bin/python bench/rollup.py \\
        [--runs 20]
It adds the provinces missing to make 34 as bare rows (no schema: the rollup never reads one), gives
each a live and a submitted snapshot shaped like a real province's, and times `rollup()` and the
ministry's page `--runs` times each. The extra rows are removed afterwards.
The last line is JSON: rollup_ms, page_ms (each the median of the runs, with `<key>_runs`:
{"min", "median", "max"}), provinces. Goal (issue 7): rollup < 1,000 ms; none in issue 19.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

from spread import with_spread  # bench/spread.py, beside this script

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dbi_portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django

django.setup()

from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from reference.models import AdministrativeProvince  # noqa: E402
from reporting.national.models import ProvinceSnapshot  # noqa: E402
from reporting.national.selectors import rollup  # noqa: E402
from tenants.models import Domain, Province  # noqa: E402
from tenants.selectors import province_list  # noqa: E402
from tenants.services import public_tenant_ensure  # noqa: E402

PREFIX = "bench-rollup-"


def snapshot(rng: random.Random, year: int) -> dict[str, object]:
    counted = rng.randint(300, 8000)
    shares = [rng.random() for _ in range(6)]
    levels = [round(counted * share / sum(shares)) for share in shares]
    pillars = [
        {"code": str(i), "name": {"vi": f"Trụ cột {i}", "en": f"Pillar {i}"}, "max": 50,
         "average": round(rng.uniform(10, 40), 1), "percent": round(rng.uniform(20, 80), 1)}
        for i in range(1, 7)
    ]  # fmt: skip
    return {
        "basis": {"period": {"from": f"{year}-01-01", "to": f"{year}-12-31"}, "model_version": 1},
        "registry": rng.randint(20_000, 300_000), "counted": sum(levels), "levels": levels,
        "average_level": round(sum(i * n for i, n in enumerate(levels)) / sum(levels), 2),
        "level_3_or_more": sum(levels[3:]), "pillars": pillars,
        "reached": {"trained": rng.randint(50, 800), "enterprises": rng.randint(100, 2000)},
        "targets": [{"unit": "enterprises_trained", "minimum": 300, "maximum": 500, "achieved": 200}],
        "budget": {"planned": 1000.0, "spent": 800.0}, "honours": rng.randint(0, 30),
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="of the rollup and of its page")
    args = parser.parse_args()
    public = public_tenant_ensure()
    year = timezone.localdate().year
    rng = random.Random(34)
    used = set(Province.objects.exclude(code=None).values_list("code", flat=True))
    free = [p for p in AdministrativeProvince.objects.order_by("code") if p.code not in used]
    missing = max(0, 34 - province_list().count())
    extra = Province.objects.bulk_create(  # bare rows: no schema is created
        [Province(schema_name=f"bench_rollup_{p.code}", slug=f"{PREFIX}{p.code}", name=p.name, code=p.code,
                  ministry_report_day=15, ministry_report_month=12) for p in free[:missing]]
    )  # fmt: skip
    try:
        now = timezone.now()
        ProvinceSnapshot.objects.filter(province__slug__startswith=PREFIX).delete()
        ProvinceSnapshot.objects.bulk_create(
            [ProvinceSnapshot(province=p, year=year, kind=kind, data=snapshot(rng, year), computed_at=now)
             for p in extra for kind in ("live", "submitted")]
        )  # fmt: skip
        provinces = len(rollup(year)["provinces"])
        runs = []
        for _ in range(args.runs):
            started = time.perf_counter()
            rollup(year)
            runs.append(1000 * (time.perf_counter() - started))
        root = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
            "bench-root@localhost", "bench-password-2026"
        )
        Domain.objects.get_or_create(domain="localhost", defaults={"tenant": public, "is_primary": True})
        client = Client(HTTP_HOST="localhost")
        client.force_login(root)
        pages = []
        for _ in range(args.runs):
            started = time.perf_counter()
            assert client.get(f"/national/?year={year}").status_code == 200
            pages.append(1000 * (time.perf_counter() - started))
    finally:
        ProvinceSnapshot.objects.filter(province__in=extra).delete()
        Province.objects.filter(pk__in=[p.pk for p in extra]).delete()
    print(json.dumps({
        "runs": args.runs, **with_spread("rollup_ms", runs, 1), **with_spread("page_ms", pages, 1),
        "provinces": provinces,
    }))  # fmt: skip


if __name__ == "__main__":
    main()
