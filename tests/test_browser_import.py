"""A department officer imports a registry file whose tax-code column the portal does not recognise:
the preview asks for the column, the officer chooses it, checks again, confirms, and finds the three
enterprises in the registry; on a laptop and on a phone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django_tenants.utils import schema_context
from openpyxl import Workbook

from tests.conftest import World, committed
from tests.test_browser import browser, forget_browser_sessions, live_server_port  # noqa: F401  (fixtures)
from tests.test_browser_evidence import Browsing, browsing  # noqa: F401  (laptop and phone, logged in by hand)

pytestmark = pytest.mark.browser
FILENAME = "so-dang-ky-nhap-thu.xlsx"
UNKNOWN_TITLE = "Mã định danh"  # the matcher leaves it unmatched: no synonym of any field comes close
ROWS = [
    ("0100109106", "Công ty Nhập Thử Một"),
    ("0102030405", "Công ty Nhập Thử Hai"),
    ("0100233583", "Công ty Nhập Thử Ba"),
]


@pytest.fixture
def registry_file(tmp_path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([UNKNOWN_TITLE, "Tên doanh nghiệp"])
    for tax_code, name in ROWS:
        sheet.append([tax_code, name])
    path = tmp_path / FILENAME
    workbook.save(path)
    return path


@pytest.fixture
def forget_the_import(world: World) -> Iterator[None]:
    """The live server commits the import; remove it, its job, the remembered column and the
    enterprises so other tests start clean."""
    from core.models import Job
    from enterprises.models import Enterprise, ImportBatch, ImportColumnChoice

    yield

    def clean_up() -> None:
        with schema_context(world.province_a.schema_name):
            batches = ImportBatch.objects.filter(filename=FILENAME)
            mine = list(batches.values_list("pk", flat=True))
            jobs = [*batches.exclude(job=None).values_list("job_id", flat=True)]
            jobs += Job.objects.filter(kind__startswith="enterprise_import", params__batch__in=mine).values_list(
                "pk", flat=True
            )
            for batch in batches:
                batch.file.delete(save=False)
            batches.delete()
            Job.objects.filter(pk__in=jobs).delete()
            ImportColumnChoice.objects.filter(title_key__in=["ma dinh danh", "ten doanh nghiep"]).delete()
            Enterprise.objects.filter(tax_code__in=[tax_code for tax_code, _name in ROWS]).delete()

    committed(clean_up)


def test_an_officer_chooses_the_unknown_tax_code_column_and_imports_three_enterprises(
    world: World,
    browsing: Browsing,  # noqa: F811
    forget_the_import: None,
    registry_file: Path,
) -> None:
    from playwright.sync_api import expect

    page, base = browsing.page, browsing.base
    browsing.log_in(world.staff_a.email)
    page.goto(f"{base}/enterprises/import/")
    expect(page.get_by_role("heading", name="Nhập doanh nghiệp từ bảng tính")).to_be_visible()
    page.get_by_label("Tệp").set_input_files(registry_file)
    page.get_by_role("button", name="Kiểm tra tệp").click()

    # The preview opens and asks which column holds the tax code; nothing can be confirmed yet.
    missing = page.get_by_test_id("import-missing-columns")
    expect(missing).to_contain_text("Không có cột cho: Mã số thuế")
    expect(page.locator("#import-batch")).to_contain_text("Cần chọn cột")
    expect(page.get_by_role("button", name="Xác nhận và nhập")).to_have_count(0)
    browsing.fits_and_shoot("import-columns")

    page.get_by_label(UNKNOWN_TITLE, exact=True).select_option(label="Mã số thuế")
    page.get_by_role("button", name="Kiểm tra lại với các cột này").click()

    confirm = page.get_by_role("button", name="Xác nhận và nhập")
    expect(confirm).to_be_visible()
    expect(page.locator("#import-batch")).to_contain_text("Sẵn sàng xác nhận")
    expect(missing).to_have_count(0)
    preview = page.locator("#import-batch table").last  # the first rows as they will be saved
    for tax_code, name in ROWS:
        expect(preview.get_by_role("row").filter(has_text=tax_code)).to_contain_text(name)
    browsing.fits_and_shoot("import-ready")
    confirm.click()

    registry = page.get_by_role("link", name="Xem cơ sở dữ liệu")
    expect(registry).to_be_visible()  # the import finished
    expect(page.locator("#import-batch")).to_contain_text("Đã nhập")
    registry.click()
    page.wait_for_url(f"{base}/enterprises/?sort=-updated")
    table = page.locator("table")
    for tax_code, name in ROWS:
        row = table.get_by_role("row").filter(has_text=tax_code)
        expect(row).to_have_count(1)
        expect(row.get_by_role("link", name=name)).to_be_visible()
    browsing.fits_and_shoot("import-registry")
    assert browsing.errors == [], browsing.errors
