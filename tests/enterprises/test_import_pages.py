from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from core.models import Job, JobStatus
from core.tasks import job_run_task
from enterprises.models import Enterprise, ImportBatch, ImportColumnChoice, ImportStatus
from tests.conftest import World, client_for
from tests.enterprises.test_import import HEADERS, code_2025, rows, xlsx


def upload(client: Client, path: Path, capture: Any, **fields: str) -> Any:
    content = path.read_bytes()
    with capture(execute=True):
        return client.post(
            "/enterprises/import/",
            {"file": SimpleUploadedFile(path.name, content), "mode": "upsert", "vsic_edition": "auto", **fields},
        )


def test_officer_uploads_checks_and_confirms_an_import(
    world: World, db: None, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(world.province_a, world.staff_a)
    path = xlsx(tmp_path / "dn.xlsx", HEADERS, [*rows(code_2025()), ["0100109107", "Sai", "", "", "", "", ""]])
    response = upload(client, path, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Sẵn sàng xác nhận" in page.text
    assert "Chữ số kiểm tra" in page.text  # the rejected row and its reason
    assert "Tải tất cả các dòng bị từ chối" in page.text
    with schema_context(world.province_a.schema_name):
        assert not Enterprise.objects.exists()
        batch = ImportBatch.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/enterprises/import/{batch.uuid}/confirm/")
    done = client.get(response["Location"])
    assert "Đã nhập" in done.text
    with schema_context(world.province_a.schema_name):
        assert Enterprise.objects.count() == 2
        assert str(ImportBatch.objects.get().file.name).startswith(f"imports/{world.province_a.schema_name}/")


def test_an_unknown_tax_code_title_opens_the_preview_where_the_officer_maps_it_and_the_choice_is_remembered(
    world: World, db: None, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(world.province_a, world.staff_a)
    headers = ["Mã định danh", "Tên doanh nghiệp", "Ghi chú"]
    path = xlsx(tmp_path / "dn.xlsx", headers, [[100109106, "Công ty A", ""], ["0102030405", "Công ty B", ""]])
    response = upload(client, path, django_capture_on_commit_callbacks)
    page = client.get(response["Location"]).text
    assert "Cần chọn cột" in page
    assert "Không có cột cho: Mã số thuế" in page
    assert 'name="field" aria-label="Mã định danh"' in page  # the choice is offered for the unknown column
    assert "Giá trị đầu tiên: 100109106" in page  # its first value, as typed
    assert "Xác nhận và nhập" not in page
    with schema_context(world.province_a.schema_name):
        batch = ImportBatch.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/enterprises/import/{batch.uuid}/confirm/")  # refused: no tax code column yet
    with schema_context(world.province_a.schema_name):
        assert not Enterprise.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/enterprises/import/{batch.uuid}/columns/",
            {"title": headers, "field": ["tax_code", "name", ""]},
        )
    assert "Sẵn sàng xác nhận" in client.get(response["Location"]).text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/enterprises/import/{batch.uuid}/confirm/")
    with schema_context(world.province_a.schema_name):
        # The numeric cell lost its leading zero; the tax code is repaired as on every import.
        assert sorted(Enterprise.objects.values_list("tax_code", flat=True)) == ["0100109106", "0102030405"]
        assert ImportColumnChoice.objects.get(title_key="ma dinh danh").field == "tax_code"
    # The next file with that title is understood at once.
    second = xlsx(tmp_path / "dn2.xlsx", headers[:2], [["0100233583", "Công ty C"]])
    response = upload(client, second, django_capture_on_commit_callbacks)
    assert "Sẵn sàng xác nhận" in client.get(response["Location"]).text


def test_a_file_that_is_not_a_spreadsheet_is_refused_at_upload(world: World, db: None) -> None:
    client = client_for(world.province_a, world.staff_a)
    response = client.post(
        "/enterprises/import/",
        {"file": SimpleUploadedFile("report.pdf", b"%PDF"), "mode": "upsert", "vsic_edition": "auto"},
    )
    assert response.status_code == 200
    assert "Chỉ nhập được tệp .xlsx" in response.text
    with schema_context(world.province_a.schema_name):
        assert not ImportBatch.objects.exists()


def test_other_roles_and_provinces_cannot_see_an_import(
    world: World, db: None, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(world.province_a, world.staff_a)
    response = upload(
        client, xlsx(tmp_path / "dn.xlsx", HEADERS, rows(code_2025())), django_capture_on_commit_callbacks
    )
    with schema_context(world.province_a.schema_name):
        batch = ImportBatch.objects.get()
    assert client_for(world.province_b, world.admin_b).get(response["Location"]).status_code == 404
    assert (
        client_for(world.province_b, world.admin_b).post(f"/enterprises/import/{batch.uuid}/confirm/").status_code
        == 404
    )
    assert client_for(world.province_a).get(response["Location"]).status_code == 302


def test_an_import_whose_job_died_says_so_and_can_be_checked_again(world: World, db: None) -> None:
    from core.models import Job, JobStatus
    from enterprises.models import ImportStatus

    with schema_context(world.province_a.schema_name):
        job = Job.objects.create(kind="enterprise_import_apply", status=JobStatus.FAILED, message="Tác vụ bị gián đoạn")
        batch = ImportBatch.objects.create(
            file="imports/x.xlsx", filename="x.xlsx", uploaded_by=world.staff_a, status=ImportStatus.IMPORTING, job=job
        )
    page = client_for(world.province_a, world.staff_a).get(f"/enterprises/import/{batch.uuid}/")
    assert "Tác vụ bị gián đoạn" in page.text
    assert "Cơ sở dữ liệu không thay đổi" in page.text
    with schema_context(world.province_a.schema_name):
        assert ImportBatch.objects.get().status == ImportStatus.FAILED


def test_old_uploaded_files_are_deleted_but_their_reports_kept(world: World, db: None) -> None:
    from datetime import timedelta

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from enterprises.importing.batches import import_files_purge
    from enterprises.models import ImportStatus

    with schema_context(world.province_a.schema_name):
        batch = ImportBatch(filename="old.xlsx", status=ImportStatus.DONE, report={"summary": {"created": 1}})
        batch.file.save("old.xlsx", ContentFile(b"x"), save=False)
        batch.save()
        path = Path(batch.file.path)
        ImportBatch.objects.filter(pk=batch.pk).update(created_at=timezone.now() - timedelta(days=40))
        assert import_files_purge() == 1
        batch.refresh_from_db()
    assert not path.exists()
    assert (batch.file.name, batch.report["summary"]) == ("", {"created": 1})


def test_an_import_whose_worker_died_says_so_and_starts_again(
    world: World, db: None, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(world.province_a, world.staff_a)
    content = xlsx(tmp_path / "dn.xlsx", HEADERS, rows(code_2025())).read_bytes()
    with schema_context(world.province_a.schema_name):
        batch = ImportBatch(filename="dn.xlsx", uploaded_by=world.staff_a, status=ImportStatus.IMPORTING)
        batch.file.save("dn.xlsx", ContentFile(content), save=False)
        batch.save()
        batch.job = Job.objects.create(
            kind="enterprise_import_apply",
            status=JobStatus.RUNNING,
            progress=45,
            created_by=world.staff_a,
            params={"batch": batch.pk},
            heartbeat_at=timezone.now() - timedelta(minutes=10),
        )
        batch.save(update_fields=["job"])
        stalled_job = batch.job
    page = client.get(f"/enterprises/import/{batch.uuid}/").text
    assert "Đang nhập" not in page
    assert "Việc nhập đã dừng phản hồi từ" in page
    assert "cơ sở dữ liệu không thay đổi. Hãy chạy lại." in page
    assert 'hx-trigger="every 30s"' in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/enterprises/import/{batch.uuid}/restart/")
    assert "Đã nhập" in client.get(f"/enterprises/import/{batch.uuid}/").text
    with schema_context(world.province_a.schema_name):
        assert Enterprise.objects.count() == 2
        stalled_job.refresh_from_db()
        assert stalled_job.status == JobStatus.FAILED
        # The dead worker's task, handed out again, finds its job failed and imports nothing twice.
        assert job_run_task(stalled_job.pk) == JobStatus.FAILED
        assert Enterprise.objects.count() == 2
