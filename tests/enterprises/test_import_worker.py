"""A worker killed in the middle of an import leaves the registry exactly as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django_tenants.utils import schema_context

from core.models import AuditEntry, Job, JobStatus
from enterprises.importing.batches import import_batch_confirm
from enterprises.models import Enterprise, ImportBatch, ImportStatus
from enterprises.services import enterprise_save
from tests.conftest import World, client_for, committed
from tests.core.test_worker import broker, worker  # noqa: F401  (fixtures)
from tests.enterprises.test_import import HEADERS, code_2025, rows, xlsx

pytestmark = pytest.mark.worker


@pytest.fixture
def fast_heartbeat(monkeypatch: pytest.MonkeyPatch, settings: Any) -> None:
    """The worker beats four times a second and a job silent for 3 s counts as stalled."""
    monkeypatch.setenv("JOB_HEARTBEAT_SECONDS", "0.25")
    settings.JOB_STALL_MINUTES = 3 / 60


def test_killing_the_worker_mid_import_writes_nothing_and_the_page_says_it_stalled(
    world: World,
    fast_heartbeat: None,  # before the worker, which takes its environment
    worker: subprocess.Popen[bytes],  # noqa: F811
    broker: None,  # noqa: F811
    tmp_path: Path,
) -> None:
    schema = world.province_a.schema_name
    content = xlsx(tmp_path / "dn.xlsx", HEADERS, rows(code_2025())).read_bytes()

    def confirm() -> ImportBatch:
        with schema_context(schema):
            enterprise_save(enterprise=Enterprise(tax_code="0100109106", name="Tên cũ"), user=world.staff_a)
            batch = ImportBatch(filename="dn.xlsx", uploaded_by=world.staff_a, status=ImportStatus.PREVIEWED)
            batch.file.save("dn.xlsx", ContentFile(content), save=False)
            batch.save()
            return import_batch_confirm(batch=batch, user=world.staff_a, ip=None)

    def last_entry() -> int:
        with schema_context(schema):
            return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0

    audit_before = committed(last_entry)

    def clean_up() -> None:
        with schema_context(schema):
            AuditEntry.objects.filter(id__gt=audit_before).delete()
            Enterprise.objects.all().delete()
            ImportBatch.objects.all().delete()
            Job.objects.all().delete()

    database = connection.settings_dict
    lock = psycopg.connect(
        host=database["HOST"] or "127.0.0.1", port=database["PORT"] or 5432, user=database["USER"],
        password=database["PASSWORD"] or None, dbname=database["NAME"],
    )  # fmt: skip
    try:
        batch = committed(confirm)
        # Lock the one existing row: the import's COPY of the new rows goes through, then its
        # update waits here, so the worker is killed between two writes of one transaction.
        lock.execute(f"SELECT 1 FROM \"{schema}\".enterprises_enterprise WHERE tax_code = '0100109106' FOR UPDATE")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with schema_context(schema):
                job = Job.objects.get(pk=batch.job_id or 0)
            if job.status == JobStatus.RUNNING and job.progress >= 60:  # validated, now writing
                break
            time.sleep(0.1)
        else:
            raise AssertionError(f"the import never reached its write step ({job.status}, {job.progress}%)")
        # Waiting on the lock, the import reports no progress, but its worker's heartbeat goes on.
        page = client_for(world.province_a, world.staff_a)
        time.sleep(4)
        assert "dừng phản hồi" not in page.get(f"/enterprises/import/{batch.uuid}/").text
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
        lock.rollback()
        time.sleep(4)
        with schema_context(schema):
            assert list(Enterprise.objects.values_list("tax_code", "name")) == [("0100109106", "Tên cũ")]
        stalled = page.get(f"/enterprises/import/{batch.uuid}/").text
        assert "Việc nhập đã dừng phản hồi từ" in stalled
        assert "cơ sở dữ liệu không thay đổi. Hãy chạy lại." in stalled
    finally:
        lock.close()
        committed(clean_up)
