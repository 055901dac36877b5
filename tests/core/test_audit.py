from __future__ import annotations

import io
from typing import Any

from django.test import Client
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from core.models import AuditEntry, Job, JobStatus
from core.services import audit_record
from tests.conftest import World, client_for
from tests.factories import UserFactory


def _entries(world: World) -> None:
    with schema_context(world.province_a.schema_name):
        audit_record(actor=world.admin_a, action="user.invite", obj=world.staff_a, changes={"role": "expert"})
        audit_record(actor=world.admin_a, action="legacy.unlabelled", changes={"x": "=HYPERLINK(1)"})


def test_audit_page_lists_and_filters_entries(world: World, db: None, client_a: Client) -> None:
    _entries(world)
    page = client_a.get("/audit/")
    assert page.status_code == 200
    assert "Mời người dùng" in page.text
    assert "legacy.unlabelled" in page.text  # a code without a label still shows, as itself
    filtered = client_a.get("/audit/", {"action": "user.invite"})
    assert "Mời người dùng" in filtered.text
    assert "legacy.unlabelled" not in filtered.text
    by_actor = client_a.get("/audit/", {"actor": "nobody@"})
    assert "Không có mục nào phù hợp" in by_actor.text


def test_audit_page_rejects_a_bad_date_without_failing(world: World, db: None, client_a: Client) -> None:
    assert client_a.get("/audit/", {"date_from": "31/31/2026"}).status_code == 200


def test_export_runs_as_a_job_with_progress_and_gives_a_safe_xlsx(
    world: World, db: None, client_a: Client, django_capture_on_commit_callbacks: Any
) -> None:
    _entries(world)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post("/audit/export/", {"actor": world.admin_a.email})
    assert response.status_code == 302
    job_page = client_a.get(response["Location"])
    assert "Tải về" in job_page.text
    partial = client_a.get(response["Location"], HTTP_HX_REQUEST="true")
    assert "<html" not in partial.text
    assert "Hoàn thành" in partial.text
    assert "%" not in partial.text
    download = client_a.get(response["Location"] + "download/")
    assert download.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active  # type: ignore[attr-defined]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Thời gian"
    by_action = {row[2]: row for row in rows[1:]}
    assert {"legacy.unlabelled", "Mời người dùng"} <= set(by_action)  # actions in words
    assert by_action["legacy.unlabelled"][5] == "x: =HYPERLINK(1)"  # not at the start of the cell: harmless text
    with schema_context(world.province_a.schema_name):
        job = Job.objects.get()
        assert job.status == JobStatus.SUCCEEDED
        assert job.progress == 100
        assert str(job.result_file.name).startswith(f"jobs/{world.province_a.schema_name}/")
        assert AuditEntry.objects.filter(action="job.start").exists()


def test_a_job_is_visible_only_to_its_starter_and_the_provinces_administrators(
    world: World, db: None, django_capture_on_commit_callbacks: Any
) -> None:
    with schema_context(world.province_a.schema_name):
        job = Job.objects.create(kind="audit_export", created_by=world.staff_a)
        colleague = UserFactory.create(email="colleague@dong-nai.vn")
    assert client_for(world.province_a, world.staff_a).get(f"/jobs/{job.uuid}/").status_code == 200
    assert client_for(world.province_a, colleague).get(f"/jobs/{job.uuid}/").status_code == 404
    assert client_for(world.province_a, world.admin_a).get(f"/jobs/{job.uuid}/").status_code == 200


def test_expired_result_is_no_longer_downloadable(world: World, db: None, client_a: Client) -> None:
    from datetime import timedelta

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from core.services import jobs_purge_expired

    with schema_context(world.province_a.schema_name):
        job = Job.objects.create(kind="audit_export", created_by=world.admin_a, status=JobStatus.SUCCEEDED)
        job.result_file.save("old.xlsx", ContentFile(b"x"), save=False)
        job.expires_at = timezone.now() - timedelta(minutes=1)
        job.save()
        path = job.result_file.path
    assert client_a.get(f"/jobs/{job.uuid}/download/").status_code == 404
    assert "hết hạn" in client_a.get(f"/jobs/{job.uuid}/").text
    with schema_context(world.province_a.schema_name):
        assert jobs_purge_expired() == 1
    import os

    assert not os.path.exists(path)
