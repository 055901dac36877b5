"""Import a realistic 50,000-row workbook into a fresh province and compare with plain django-import-export.

Usage (a migrated database with the reference data, e.g. after `make run`):
    DJANGO_DEBUG=1 .venv/bin/python bench/import_registry.py [--rows 50000] [--baseline-rows 5000] [--runs 5]
The workbook is written once; each of the `--runs` runs is a fresh process (as a worker would import it)
that empties the bench province's registry, imports the workbook, notes its own peak RSS, empties the
registry again and imports the first --baseline-rows rows the plain way.
The last line is JSON: rows, seconds, rows_per_s, peak_rss_mb, baseline_rows_per_s, speedup (each the
median of the runs; speedup is each run's own ratio), with `<key>_runs`: {"min", "median", "max"},
and the last run's created/updated/unchanged/rejected.
Goals: ≥ 10,000 rows/s end to end, peak RSS ≤ 400 MB, speedup ≥ 10 (issue 4); ≥ 20,000 rows/s,
≤ 300 MB, speedup ≥ 40 on 50,000 rows (issue 19).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from spread import with_spread  # bench/spread.py, beside this script

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dbi_portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django

django.setup()

from django.db import connection  # noqa: E402
from django_tenants.utils import schema_context  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from demo.enterprises import WORDS, demo_tax_codes  # noqa: E402
from enterprises.importing.apply import enterprise_import  # noqa: E402
from reference.loaders import reference_data_load  # noqa: E402
from reference.models import LegacyWard, VsicCode  # noqa: E402
from tenants.models import Province  # noqa: E402
from tenants.services import province_create  # noqa: E402

SLUG, SCHEMA = "bench-import", "bench_import"
HEADERS = ["Mã số thuế", "Tên doanh nghiệp", "Ngành nghề chính", "Số lao động", "Doanh thu", "Vốn", "Địa chỉ",
           "Ngày thành lập", "Điện thoại", "Email"]  # fmt: skip


def fresh_province() -> Province:
    old = Province.objects.filter(slug=SLUG).first()
    if old is not None:
        old.delete(force_drop=True)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
    return province_create(name="Bench", code="99", slug=SLUG, admin_password="bench-password-2026").province


def make_rows(count: int, rng: random.Random) -> list[list[object]]:
    codes = list(VsicCode.objects.filter(edition="2025", level=4).values_list("code", flat=True))
    addresses = [
        f"{ward}, {district}, {province}"
        for ward, district, province in LegacyWard.objects.filter(province_name__endswith="Đồng Nai").values_list(
            "name", "district_name", "province_name"
        )
    ]
    words = WORDS
    rows: list[list[object]] = []
    for number, valid in enumerate(demo_tax_codes("36"), start=1):
        if len(rows) == count:
            break
        tax_code = valid
        roll = rng.random()
        if roll < 0.01:  # a typo in the check digit
            tax_code = f"{valid[:9]}{(int(valid[9]) + 1) % 10}"
        elif roll < 0.02 and rows:  # the same enterprise twice
            tax_code = str(rows[-1][0])
        headcount = int(rng.lognormvariate(2.3, 1.2))
        rows.append([
            tax_code,
            f"Công ty TNHH {rng.choice(words)} {rng.choice(words)} {number}",
            rng.choice(codes) if rng.random() > 0.005 else "9999",
            headcount,
            round(headcount * rng.uniform(0.2, 2.5), 1),
            round(headcount * rng.uniform(0.1, 1.5), 1),
            f"Số {rng.randrange(1, 300)}, {rng.choice(addresses)}",
            f"{rng.randrange(1, 28):02d}/{rng.randrange(1, 13):02d}/{rng.randrange(1995, 2025)}",
            f"0251 {rng.randrange(1000000, 9999999)}",
            f"lienhe{number}@example.vn",
        ])  # fmt: skip
    return rows


def write_xlsx(path: Path, rows: list[list[object]]) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Doanh nghiệp")
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    workbook.save(path)


def baseline(rows: list[list[object]]) -> float:
    """Plain django-import-export on the same data: per-row validation and saves."""
    import tablib

    from enterprises.resources import EnterpriseResource

    dataset = tablib.Dataset(headers=["tax_code", "tax_code_kind", "name", "main_sector", "headcount", "revenue",
                                      "capital", "legacy_address", "phone", "email"])  # fmt: skip
    for row in rows:
        dataset.append([row[0], "enterprise", row[1], row[2], row[3], row[4], row[5], row[6], row[8], row[9]])
    with schema_context(SCHEMA):
        started = time.perf_counter()
        EnterpriseResource().import_data(dataset, dry_run=False, raise_errors=False, use_transactions=True)
        return len(rows) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--baseline-rows", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--one-run", type=Path, help=argparse.SUPPRESS)  # a folder: the parent's workbook and rows
    args = parser.parse_args()
    if args.one_run:
        print(json.dumps(one_run(args.one_run, args.baseline_rows)))
        return
    reference_data_load()
    province = fresh_province()
    rows = make_rows(args.rows, random.Random(2026))
    runs: list[dict[str, object]] = []
    try:
        with tempfile.TemporaryDirectory() as folder:
            write_xlsx(Path(folder) / "registry.xlsx", rows)
            (Path(folder) / "rows.json").write_text(json.dumps(rows[: args.baseline_rows]))
            for _run in range(args.runs):
                command = [sys.executable, __file__, "--one-run", folder, "--baseline-rows", str(args.baseline_rows)]
                out = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=True).stdout
                runs.append(json.loads(out.strip().splitlines()[-1]))
    finally:
        province.delete(force_drop=True)

    def each(key: str) -> list[float]:
        return [float(run[key]) for run in runs]  # type: ignore[arg-type]

    rates = [args.rows / seconds for seconds in each("seconds")]
    speedups = [rate / baseline for rate, baseline in zip(rates, each("baseline_rows_per_s"), strict=True)]
    summary = {key: runs[-1][key] for key in ("created", "updated", "unchanged", "rejected")}
    print(json.dumps({
        "rows": args.rows, "baseline_rows": args.baseline_rows, "runs": args.runs,
        **with_spread("seconds", each("seconds"), 2), **with_spread("cpu_seconds", each("cpu_seconds"), 2),
        **with_spread("rows_per_s", rates),
        **with_spread("peak_rss_mb", each("peak_rss_mb")),
        **with_spread("baseline_rows_per_s", each("baseline_rows_per_s")), **with_spread("speedup", speedups, 1),
        **summary,
    }))  # fmt: skip


def one_run(folder: Path, baseline_rows: int) -> dict[str, object]:
    """One measurement in this fresh process: the import, this process's peak RSS, then the baseline."""
    path = folder / "registry.xlsx"
    with schema_context(SCHEMA):
        registry_empty()
        started, cpu_started = time.perf_counter(), time.process_time()
        report = enterprise_import(path=path, filename=path.name, user=None, province_code="75")
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
        peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        registry_empty()
    rows = json.loads((folder / "rows.json").read_text())[:baseline_rows]
    return {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,  # this process's (and its COPY thread's) CPU time: PostgreSQL's is apart
        "peak_rss_mb": peak_rss_mb,
        "baseline_rows_per_s": baseline(rows),
        **report.summary(),
    }


def registry_empty() -> None:
    """Every run starts from an empty registry, as on a fresh province (TRUNCATE also drops the dead rows)."""
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE enterprises_enterprise CASCADE")


if __name__ == "__main__":
    main()
