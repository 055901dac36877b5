"""The signer's one-line title becomes the first (and only) line of the signature block."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django_tenants.utils import schema_context

from tests.conftest import World

BEFORE = [("reports", "0001_initial")]
AFTER = [("reports", "0002_issuer_document_date_signature")]


def test_every_report_keeps_its_signers_title_as_its_signature_block(world: World, db: None) -> None:
    with schema_context(world.province_a.schema_name):
        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        old = executor.loader.project_state(BEFORE).apps.get_model("reports", "YearlyReport")
        old.objects.create(
            year=2024, period_start=date(2024, 1, 1), period_end=date(2024, 12, 31), place="Đồng Nai",
            subject="Báo cáo", addressees="Bộ Khoa học và Công nghệ", recipients="Lưu: VT",
            signer_title="KT. GIÁM ĐỐC",
        )  # fmt: skip
        with connection.cursor() as cursor:  # the test's transaction defers the foreign keys' checks
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        new = executor.loader.project_state(AFTER).apps.get_model("reports", "YearlyReport")
        report = new.objects.get(year=2024)
        assert (report.signature, report.issuer, report.document_date) == ("KT. GIÁM ĐỐC", "department", None)
