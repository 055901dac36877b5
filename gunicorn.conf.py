"""gunicorn's settings for the portal: the Dockerfile, docker-compose.yml and bench/stats_api.py
all serve with them (gunicorn reads this file from the working directory)."""

import os

from core.logs import gunicorn_logging_config, log_format

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Sync workers. Most pages are served from the cache and keep a core busy; one worker per core and
# one more for the moments a worker waits on the database. WEB_CONCURRENCY overrides.
workers = int(os.environ.get("WEB_CONCURRENCY") or (os.cpu_count() or 1) + 1)
# No access log: the portal logs every request itself, with its province, user and request id
# (core.middleware.RequestLogMiddleware); gunicorn's own lines are JSON like the portal's.
accesslog = None
if log_format() == "json":
    logconfig_dict = gunicorn_logging_config()
# A request that takes longer is stuck: the worker is replaced (the yearly report is built by Celery).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30  # a restart lets requests in flight finish
# Workers are renewed now and then (staggered), so a slow leak never grows for weeks.
max_requests = 2000
max_requests_jitter = 200
# The portal is loaded once, in the master, and each worker is a fork of it: a renewed worker
# answers at once instead of spending a second or more of CPU importing Django and the apps (at a
# few hundred requests a second, a worker is renewed every few seconds). Nothing opens a database
# or Redis connection at import time, so no connection is shared between forks.
preload_app = True


def _without_server_header() -> None:
    """gunicorn names itself in a Server header on every response; a visitor need not know what
    serves the portal, and gunicorn has no setting to leave it out."""
    from gunicorn.http import wsgi

    default_headers = wsgi.Response.default_headers

    def headers(self: wsgi.Response) -> list[str]:
        return [line for line in default_headers(self) if not line.lower().startswith("server:")]

    wsgi.Response.default_headers = headers


_without_server_header()
