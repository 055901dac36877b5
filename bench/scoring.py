"""Score 10,000 random answer sets with the pure engine (no database).

Usage: .venv/bin/python bench/scoring.py [--count 10000]
The last line is JSON: {"assessments_per_s": …, "parse_and_score_per_s": …}.
Goal (issue 5): ≥ 50,000 assessments a second for the engine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dbi_portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DATABASE_URL", "postgres://unused@127.0.0.1:9/none")  # the engine needs no database

import django

django.setup()

from assessments.modelfile import model_file_path, model_file_read  # noqa: E402
from assessments.scoring import answers_parse, compile_model, score  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
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

    started = time.perf_counter()
    for answers in parsed:
        score(model, answers)
    engine = args.count / (time.perf_counter() - started)

    started = time.perf_counter()
    for raw in raw_sets:
        score(model, answers_parse(model, raw))
    with_parse = args.count / (time.perf_counter() - started)
    print(
        json.dumps(
            {"count": args.count, "assessments_per_s": round(engine), "parse_and_score_per_s": round(with_parse)}
        )
    )


if __name__ == "__main__":
    main()
