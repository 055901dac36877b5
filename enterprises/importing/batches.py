"""Uploaded import files: a check (dry run) as a job, then the import itself once confirmed."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from core.exports import Export
from core.models import Job
from core.services import ProgressCallback, audit_record, job_restart, job_runner, job_start
from enterprises.importing.apply import MODES, ImportReport, MissingColumnsError, enterprise_import
from enterprises.importing.columns import SYNONYMS, title_key
from enterprises.importing.reading import ImportFileError, check_file
from enterprises.models import ImportBatch, ImportColumnChoice, ImportStatus
from tenants.selectors import current_province

if TYPE_CHECKING:
    from accounts.models import User

REPORTED_REJECTIONS = 500


def import_batch_start(
    *, upload: UploadedFile, mode: str, vsic_edition: str, user: User, ip: str | None
) -> ImportBatch:
    """Keep the uploaded file and start checking it."""
    check_file(filename=upload.name or "", size=upload.size or 0, max_bytes=settings.IMPORT_MAX_BYTES)
    if mode not in MODES or vsic_edition not in ("auto", "2018", "2025"):
        raise ValueError((mode, vsic_edition))
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            file=upload, filename=Path(upload.name or "file").name[:255], mode=mode,
            vsic_edition=vsic_edition, uploaded_by=user,
        )  # fmt: skip
        audit_record(actor=user, action="enterprise.import_upload", obj=batch, changes={"file": batch.filename}, ip=ip)
        batch.job = job_start(kind="enterprise_import_check", user=user, params={"batch": batch.pk}, ip=ip)
        batch.save(update_fields=["job"])
    return batch


def import_batch_set_columns(*, batch: ImportBatch, choices: dict[str, str], user: User) -> ImportBatch:
    """The officer's column choices (title → field, "" to ignore a column); check the file again."""
    valid = {title: name for title, name in choices.items() if name == "" or name in SYNONYMS}
    with transaction.atomic():
        batch.column_choices = {title_key(title): name for title, name in valid.items()}
        batch.status = ImportStatus.CHECKING
        batch.job = job_start(kind="enterprise_import_check", user=user, params={"batch": batch.pk})
        batch.save(update_fields=["column_choices", "status", "job"])
    return batch


def import_batch_confirm(*, batch: ImportBatch, user: User, ip: str | None) -> ImportBatch:
    """Import a checked file; remember the officer's column choices for the province's next files."""
    with transaction.atomic():
        # Locked, so a double click starts one import, not two.
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status != ImportStatus.PREVIEWED or batch.report.get("missing"):
            raise ImportFileError(_("This file is not ready to import: check it first."))
        for title_key, name in batch.column_choices.items():
            ImportColumnChoice.objects.update_or_create(title_key=title_key, defaults={"field": name})
        batch.status = ImportStatus.IMPORTING
        batch.job = job_start(kind="enterprise_import_apply", user=user, params={"batch": batch.pk}, ip=ip)
        batch.save(update_fields=["status", "job"])
    return batch


def remembered_columns() -> dict[str, str]:
    return dict(ImportColumnChoice.objects.values_list("title_key", "field"))


class RejectedRowsExport(Export):
    name = "rejected"
    title = gettext_lazy("Rows not imported")

    def __init__(self, rows: list[list[Any]]) -> None:
        self._rows = rows

    def header(self) -> list[str]:
        return [str(_("Row")), str(_("Reasons"))]

    def rows(self) -> Any:
        return self._rows


def _report_json(report: ImportReport) -> dict[str, Any]:
    return {
        "summary": report.summary(),
        "edition": report.edition,
        "columns": list(report.columns.items()),  # a list: jsonb does not keep the keys' order
        "ignored_columns": report.ignored_columns,
        "ambiguous_columns": report.ambiguous_columns,
        "converted_columns": report.converted_columns,
        "samples": report.samples,
        "rejected": [
            {"row": row.row_number, "errors": row.errors} for row in report.rejected_rows[:REPORTED_REJECTIONS]
        ],
        "preview": [
            {key: ("" if value is None else str(value)) for key, value in row.items()} for row in report.preview
        ],
    }


def _run(job: Job, progress: ProgressCallback, *, dry_run: bool) -> tuple[str, bytes]:
    batch = ImportBatch.objects.get(pk=job.params["batch"])
    if batch.job_id != job.pk:  # superseded by a newer check or import of the same file
        return f"{Path(batch.filename).stem}-superseded.csv", b""
    if not dry_run and batch.status == ImportStatus.DONE:
        # Run again after its worker died between the import's commit and the job's end: the
        # registry already holds the file, so nothing is written twice.
        return f"{Path(batch.filename).stem}-rejected.csv", RejectedRowsExport(_rejected_rows(batch)).write_csv()
    province = current_province()
    try:
        # The registry's rows and the batch's "imported" commit together or not at all, so a worker
        # killed at any point leaves either the whole import or nothing, and the page says which.
        with nullcontext() if dry_run else transaction.atomic():
            report = enterprise_import(
                path=Path(batch.file.path),
                filename=batch.filename,
                user=job.created_by,
                province_code=province.code or "",
                mode=batch.mode,
                vsic_edition=batch.vsic_edition,
                dry_run=dry_run,
                remembered_columns=remembered_columns() | batch.column_choices,
                progress=lambda percent: progress(percent, ""),
            )
            batch.report = _report_json(report)
            batch.status = ImportStatus.PREVIEWED if dry_run else ImportStatus.DONE
            batch.save(update_fields=["status", "report"])
    except MissingColumnsError as error:
        # Not a failure: the check ends on the preview, where the officer chooses the columns.
        batch.report = {"error": error.message, **error.extra, "columns": list(error.extra["columns"].items())}
        batch.status = ImportStatus.PREVIEWED
        batch.save(update_fields=["status", "report"])
        return f"{Path(batch.filename).stem}-rejected.csv", RejectedRowsExport([]).write_csv()
    except ImportFileError as error:
        import_batch_fail(batch=batch, message=error.message)
        raise
    except Exception:
        # The import ran in one transaction, so the registry is as it was; say so.
        import_batch_fail(batch=batch, message=str(_("The import stopped on an internal error; nothing was changed.")))
        raise
    rows = [[row.row_number, "; ".join(row.errors)] for row in report.rejected_rows]
    return f"{Path(batch.filename).stem}-rejected.csv", RejectedRowsExport(rows).write_csv()


def _rejected_rows(batch: ImportBatch) -> list[list[Any]]:
    return [[row["row"], "; ".join(row["errors"])] for row in batch.report.get("rejected", [])]


def import_batch_restart(*, batch: ImportBatch, user: User, ip: str | None) -> ImportBatch:
    """The check or the import stalled (its worker died): run it again from the start, as a new job.
    Raises ApplicationError when it is not stalled (it moved on, ended, or was restarted)."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update(of=("self",)).select_related("job").get(pk=batch.pk)
        if batch.status not in (ImportStatus.CHECKING, ImportStatus.IMPORTING) or batch.job is None:
            raise ImportFileError(_("This file is neither being checked nor imported."))
        batch.job = job_restart(job=batch.job, user=user, ip=ip)
        batch.save(update_fields=["job"])
    return batch


def import_batch_fail(*, batch: ImportBatch, message: str) -> None:
    """The check or import stopped: say why; the officer can check the file again."""
    batch.status = ImportStatus.FAILED
    batch.report = {"error": message}
    batch.save(update_fields=["status", "report"])


@job_runner("enterprise_import_check", owned=True)
def import_check(job: Job, progress: ProgressCallback) -> tuple[str, bytes]:
    return _run(job, progress, dry_run=True)


@job_runner("enterprise_import_apply", owned=True)
def import_apply(job: Job, progress: ProgressCallback) -> tuple[str, bytes]:
    return _run(job, progress, dry_run=False)


def import_files_purge(*, days: int | None = None) -> int:
    """Delete uploaded files of finished imports older than IMPORT_FILE_TTL_DAYS; the batch rows,
    with their reports, stay for the record."""
    from datetime import timedelta

    from django.utils import timezone

    limit = timezone.now() - timedelta(days=days or settings.IMPORT_FILE_TTL_DAYS)
    old = (
        ImportBatch.objects.filter(created_at__lt=limit)
        .exclude(file="")
        .exclude(status__in=[ImportStatus.CHECKING, ImportStatus.IMPORTING])
    )
    count = 0
    for batch in old:
        batch.file.delete(save=False)
        batch.save(update_fields=["file"])
        count += 1
    return count
