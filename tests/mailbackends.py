"""A test mail backend that refuses some addresses the first time, as a real server sometimes does."""

from __future__ import annotations

import smtplib
from collections.abc import Sequence
from typing import Any

import pytest
from django.core.mail.backends.locmem import EmailBackend

from dbi_portal.celery import app

REFUSED_ONCE: set[str] = set()  # addresses refused by their first delivery attempt (then removed)


class RefusingOnceBackend(EmailBackend):
    def send_messages(self, messages: Sequence[Any]) -> int:
        for message in messages:
            refused = set(message.recipients()) & REFUSED_ONCE
            if refused:
                REFUSED_ONCE.difference_update(refused)
                raise smtplib.SMTPRecipientsRefused(dict.fromkeys(refused, (450, b"mailbox busy")))
        return super().send_messages(messages)


def refuse_once(monkeypatch: pytest.MonkeyPatch, settings: Any, *addresses: str) -> None:
    """Let the server refuse these addresses once; eager tasks then retry in-process, as a worker
    would later (the suite's tasks otherwise propagate their first error)."""
    settings.EMAIL_BACKEND = "tests.mailbackends.RefusingOnceBackend"
    monkeypatch.setitem(app.conf, "task_eager_propagates", False)
    REFUSED_ONCE.clear()
    REFUSED_ONCE.update(addresses)
