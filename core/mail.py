"""E-mail from a request: queued when the transaction commits and sent by a Celery task that retries,
so a page never fails, nor waits, because the mail server is down."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import transaction

logger = logging.getLogger(__name__)


def mail_later(subject: str, body: str, to: Iterable[str], *, from_email: str | None = None) -> None:
    """Send this e-mail once the current transaction commits (nothing is sent if it rolls back)."""
    recipients = list(to)

    def enqueue() -> None:
        from core.tasks import mail_send_task

        try:
            mail_send_task.delay(subject, body, recipients, from_email)
        except Exception:  # the broker is down; or, run in-process, the mail server gave up after its retries
            logger.exception("The e-mail %r to %s could not be sent or queued", subject, recipients)

    transaction.on_commit(enqueue)
