"""Score 10,000 random answer sets with the pure engine, then time submit → result on the server.

Usage: .venv/bin/python bench/scoring.py [--count 10000] [--runs 7] [--submits 20] [--province dong-nai]
The engine part needs no database. The submit part (skipped with --submits 0) runs against a
province of a migrated database (DATABASE_URL; the demo's dong-nai after `make run`, or the bench
province `bench/seed_load.py` fills) inside a transaction that is rolled back. The engine is timed
`--runs` times; the last line is JSON:
{"assessments_per_s": median, "assessments_per_s_runs": {"min", "median", "max"},
"parse_and_score_per_s": median, "submit_median_ms": …, "result_page_median_ms": …}.
Goals: ≥ 50,000 assessments a second for the engine (issue 5), ≥ 100,000 (issue 19); submit → result
< 50 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

from spread import with_spread  # bench/spread.py, beside this script

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dbi_portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django

django.setup()

from assessments.modelfile import model_file_path, model_file_read  # noqa: E402
from assessments.scoring import answers_parse, compile_model, score  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--submits", type=int, default=20)
    parser.add_argument("--province", default="dong-nai", help="the province of the submit part (its slug)")
    args = parser.parse_args()
    model = compile_model(model_file_read(model_file_path("qd1970-sme")))
    rng = random.Random(2026)
    raw_sets = []
    for _ in range(args.count):
        raw: dict[str, object] = {}
        for criterion in model.criteria:
            if criterion.kind == "graded":
                raw[criterion.code] = rng.randint(0, len(criterion.option_points))
            else:
                denominator = rng.randint(1, 1000)
                raw[criterion.code] = {"numerator": rng.randint(0, denominator), "denominator": denominator}
        raw_sets.append(raw)
    parsed = [answers_parse(model, raw) for raw in raw_sets]

    engine, with_parse = [], []
    for _run in range(args.runs):
        started = time.perf_counter()
        for answers in parsed:
            score(model, answers)
        engine.append(args.count / (time.perf_counter() - started))
        started = time.perf_counter()
        for raw in raw_sets:
            score(model, answers_parse(model, raw))
        with_parse.append(args.count / (time.perf_counter() - started))
    output: dict[str, object] = {
        "count": args.count,
        "runs": args.runs,
        **with_spread("assessments_per_s", engine),
        **with_spread("parse_and_score_per_s", with_parse),
    }
    if args.submits:
        output |= submit_timings(raw_sets[: args.submits], args.province)
    print(json.dumps(output))


class Rollback(Exception):
    pass


def submit_timings(raw_sets: list[dict[str, object]], province: str) -> dict[str, float]:
    """Server time of POST submit (validate, score, store the snapshot) and of the result page."""
    from django.db import transaction
    from django.test import Client
    from django_tenants.utils import schema_context

    from accounts.roles import Role
    from accounts.services import user_create
    from assessments.models import Assessment
    from assessments.selectors import model_version_published
    from enterprises.models import Enterprise, EnterpriseAccount

    submit, result = [], []
    try:
        with schema_context(province.replace("-", "_")), transaction.atomic():
            version = model_version_published(key="qd1970-sme")
            enterprises = list(Enterprise.objects.filter(archived_at__isnull=True).order_by("-id")[: len(raw_sets)])
            for number, (enterprise, raw) in enumerate(zip(enterprises, raw_sets, strict=False)):
                user = user_create(email=f"bench-{number}@bench.invalid", role=Role.ENTERPRISE, password="bench-2026!")
                EnterpriseAccount.objects.create(user=user, enterprise=enterprise)
                Assessment.objects.filter(enterprise=enterprise, state__in=["draft", "returned"]).delete()
                assessment = Assessment.objects.create(
                    enterprise=enterprise, version=version, answers=raw, respondent_name="Bench",
                    respondent_email="bench@bench.invalid",
                )  # fmt: skip
                client = Client(HTTP_HOST=f"{province}.localhost")
                client.force_login(user)
                started = time.perf_counter()
                response = client.post(f"/assessments/{assessment.uuid}/submit/")
                submit.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 302, response.status_code
                started = time.perf_counter()
                assert client.get(response["Location"]).status_code == 200
                result.append((time.perf_counter() - started) * 1000)
            raise Rollback
    except Rollback:
        pass
    return {
        "submits": len(submit),
        "submit_median_ms": round(statistics.median(submit), 1),
        "result_page_median_ms": round(statistics.median(result), 1),
    }


if __name__ == "__main__":
    main()
