"""A department officer types a ward's paper survey into the model's template and imports it: from
the assessments page to the template, then the upload, the preview with the row left out and why,
the confirmation, and the imported result with its source; on a laptop and on a phone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django_tenants.utils import schema_context

from assessments.models import Assessment, ModelVersion
from assessments.selectors import model_version_published
from tests.assessments.test_import import filled, good_row, tax_code
from tests.conftest import World, committed
from tests.test_browser import browser, forget_browser_sessions, live_server_port  # noqa: F401  (fixtures)
from tests.test_browser_evidence import Browsing, browsing  # noqa: F401  (laptop and phone, logged in by hand)

pytestmark = pytest.mark.browser
SOURCE = "Khảo sát của UBND phường Trấn Biên"
SURVEYED, UNKNOWN = tax_code(950), tax_code(951)


@pytest.fixture
def surveyed(world: World) -> Iterator[None]:
    """One enterprise of the registry the ward surveyed; removed again with what the import wrote."""
    from assessments.models import AssessmentImport
    from enterprises.models import Enterprise

    def create() -> None:
        with schema_context(world.province_a.schema_name):
            Enterprise.objects.create(tax_code=SURVEYED, tax_code_kind="enterprise", name="Công ty Khảo Sát Giấy")

    committed(create)
    yield

    def clean_up() -> None:
        with schema_context(world.province_a.schema_name):
            Assessment.objects.filter(enterprise__tax_code=SURVEYED).delete()
            for batch in AssessmentImport.objects.filter(source=SOURCE):
                batch.file.delete(save=False)
                batch.delete()
            Enterprise.objects.filter(tax_code=SURVEYED).delete()

    committed(clean_up)


def test_an_officer_downloads_the_template_and_imports_a_filled_survey(
    world: World,
    browsing: Browsing,  # noqa: F811
    surveyed: None,
    tmp_path: Path,
) -> None:
    from playwright.sync_api import expect

    page, base = browsing.page, browsing.base
    browsing.log_in(world.staff_a.email)
    page.goto(f"{base}/assessments/")
    page.get_by_test_id("assessment-import-link").click()
    expect(page.get_by_role("heading", name="Nhập kết quả khảo sát", exact=True)).to_be_visible()
    browsing.fits_and_shoot("survey-import-start")

    with page.expect_download() as download:
        page.get_by_test_id("survey-templates").get_by_role("link").first.click()
    template = Path(download.value.path()).read_bytes()
    version = committed(lambda: _published(world))
    rows = [good_row(version, SURVEYED, option=3), good_row(version, UNKNOWN)]
    path = filled(version, rows, tmp_path / "khao-sat-tran-bien.xlsx", template=template)

    page.get_by_label("Nhập kết quả ở trạng thái").select_option("validated")
    page.get_by_label("Nguồn kết quả").fill(SOURCE)
    page.get_by_label("Biểu mẫu đã điền").set_input_files(path)
    page.get_by_role("button", name="Kiểm tra tệp").click()

    expect(page.get_by_test_id("import-summary")).to_contain_text("dòng sẵn sàng để nhập")
    left_out = page.get_by_test_id("import-left-out")
    expect(left_out.get_by_role("row").filter(has_text=UNKNOWN)).to_contain_text("không có trong danh bạ")
    expect(page.get_by_test_id("import-valid")).to_contain_text("Công ty Khảo Sát Giấy")
    assert committed(lambda: _imported(world)) == 0  # the check wrote nothing
    browsing.fits_and_shoot("survey-import-preview")

    page.get_by_role("button", name="Nhập 1 bài đánh giá").click()
    expect(page.get_by_test_id("import-status")).to_have_text("Đã nhập")
    expect(page.get_by_role("alert").filter(has_text="Đã nhập và chấm điểm 1 bài đánh giá")).to_be_visible()
    browsing.fits_and_shoot("survey-import-done")
    assert committed(lambda: _imported(world)) == 1

    page.get_by_role("link", name="Xem các bài đánh giá").click()
    page.get_by_role("link", name="Công ty Khảo Sát Giấy").first.click()
    expect(page.get_by_test_id("assessment-source")).to_contain_text(SOURCE)
    assert browsing.errors == [], browsing.errors


def _published(world: World) -> ModelVersion:
    with schema_context(world.province_a.schema_name):
        version = model_version_published(key="qd1970-sme")
        assert version.definition  # read here, in the province: kept for the test's own thread
        return version


def _imported(world: World) -> int:
    with schema_context(world.province_a.schema_name):
        return Assessment.objects.filter(enterprise__tax_code=SURVEYED, source=SOURCE, state="validated").count()
