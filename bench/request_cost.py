"""What one request of the dashboard and of the statistics API costs, whatever the machine's load:
CPU milliseconds of the serving process, SQL queries, cache round trips and bytes sent.

Usage (after `bench/seed_load.py` filled the province; needs a Redis server, as in production):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dbi_bench REDIS_URL=redis://127.0.0.1:6379/3 \\
        .venv/bin/python bench/request_cost.py [--province bench] [--requests 200] [--profile dashboard]
Production settings (DEBUG off, the Redis cache, hashed static files: run `manage.py collectstatic`
first, as stats_api.py does), the same signed-in admin and API key as stats_api.py. The first request
of each URL fills the cache and is not counted: the rest are what wrk's 50 connections mostly get.
Wall-clock latency on a shared machine depends on the neighbours; the process's CPU time does not.
`--profile NAME` prints cProfile's 30 costliest calls of that URL's requests to stderr.
The last line is JSON: per URL, cpu_ms (the median per request), queries, cache_round_trips, bytes
and, for the dashboard, the bytes of the images the page links (charts).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dbi_portal.settings")
os.environ |= {
    "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
    "SECURE_SSL_REDIRECT": "0", "API_KEY_RATE": "1000000/min", "AXES_ENABLED": "0", "LOG_LEVEL": "WARNING",
}  # fmt: skip

import django

django.setup()

import redis  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.cached_db import SessionStore  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django_tenants.utils import schema_context  # noqa: E402

from accounts.middleware import SESSION_SCHEMA_KEY  # noqa: E402
from accounts.models import User  # noqa: E402
from api.services import api_key_issue  # noqa: E402

ROUND_TRIPS = 0


def _counted(method: Any) -> Any:
    def call(*args: Any, **kwargs: Any) -> Any:
        global ROUND_TRIPS
        ROUND_TRIPS += 1
        return method(*args, **kwargs)

    return call


# One round trip: a command outside a pipeline, or a pipeline's execute (its commands are buffered).
redis.Redis.execute_command = _counted(redis.Redis.execute_command)  # type: ignore[method-assign]
redis.client.Pipeline.execute = _counted(redis.client.Pipeline.execute)  # type: ignore[method-assign]


def credentials(schema: str) -> tuple[str, str]:
    with schema_context(schema):
        admin = User.objects.filter(groups__name="province_admin").order_by("pk").first()
        assert admin is not None, "no province admin: run bench/seed_load.py first"
        session = SessionStore()
        session.update({
            SESSION_KEY: str(admin.pk), BACKEND_SESSION_KEY: "accounts.backends.CachedModelBackend",
            HASH_SESSION_KEY: admin.get_session_auth_hash(), SESSION_SCHEMA_KEY: schema,
        })  # fmt: skip
        session.create()
        return api_key_issue(name="bench-cost", scope="registry", user=admin)[1], session.session_key or ""


def measure(client: Client, url: str, requests: int, profile: bool, **headers: Any) -> dict[str, object]:
    global ROUND_TRIPS
    first = client.get(url, **headers)
    assert first.status_code == 200, (url, first.status_code)
    cpu: list[float] = []
    queries: list[int] = []
    trips: list[int] = []
    size = 0
    profiler = cProfile.Profile() if profile else None
    count = [0]

    def counter(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    for _ in range(requests):
        count[0] = 0
        ROUND_TRIPS = 0
        with connection.execute_wrapper(counter):
            started = time.process_time()
            if profiler:
                profiler.enable()
            response = client.get(url, **headers)
            if profiler:
                profiler.disable()
            cpu.append((time.process_time() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries.append(count[0])
        trips.append(ROUND_TRIPS)
        size = len(response.content)
    if profiler:
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(30)
    result: dict[str, object] = {
        "cpu_ms": round(statistics.median(cpu), 2), "queries": max(queries),
        "cache_round_trips": max(trips), "bytes": size,
    }  # fmt: skip
    images = sorted(set(re.findall(r'(?:src|srcset)="(/[^"]+\.svg[^"]*|/[^"]*/charts/[^"]+)"', first.content.decode())))
    if images:
        result["images"] = len(images)
        result["image_bytes"] = sum(len(client.get(src.replace("&amp;", "&"), **headers).content) for src in images)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--province", default="bench")
    parser.add_argument("--requests", type=int, default=200, help="counted requests of each URL")
    parser.add_argument("--profile", choices=["dashboard", "api"])
    args = parser.parse_args()
    schema = args.province.replace("-", "_")
    key, session = credentials(schema)
    host = f"{args.province}.localhost"
    page = Client(HTTP_HOST=host)
    page.cookies["sessionid"] = session
    api = Client(HTTP_HOST=host)
    signed = f"Api-Key {key}"
    result = {
        "api": measure(api, "/api/v1/statistics/", args.requests, args.profile == "api", HTTP_AUTHORIZATION=signed),
        "dashboard": measure(page, "/", args.requests, args.profile == "dashboard"),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
