"""The department validates with the answers in view, and an enterprise prints its answers and
downloads the certificate of an older result, on a laptop and on a phone."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django_tenants.utils import schema_context

from tests.conftest import World, committed
from tests.factories import PASSWORD
from tests.test_browser import ARTIFACTS, browser, forget_browser_sessions, live_server_port  # noqa: F401  (fixtures)
from tests.test_browser_a11y import AXE, RUN_AXE

pytestmark = pytest.mark.browser
OWNER, EXPERT = "giamdoc@bangchung.vn", "chuyengia@bangchung.vn"
TAX_CODE = "0100109106"
VIEWPORTS = [("laptop", (1366, 768)), ("phone", (390, 844))]


@dataclass(frozen=True)
class Evidence:
    older: str  # a validated result whose certificate was never built
    reviewed: str  # the latest, reviewed by the expert, waiting for the department


@pytest.fixture
def evidence(world: World) -> Iterator[Evidence]:
    """An enterprise with its account, an older validated result and a newer one the expert changed
    and recommends validating; committed so the live server sees them."""
    from accounts.models import User
    from accounts.roles import Role
    from assessments.models import Assessment, ExpertAssignment
    from assessments.services import lifecycle
    from core.models import AuditEntry, Job
    from enterprises.models import Enterprise, EnterpriseAccount
    from enterprises.services import enterprise_save
    from tests.factories import UserFactory

    schema = world.province_a.schema_name

    def answered(enterprise: Enterprise, owner: User) -> Assessment:
        assessment = lifecycle.assessment_start(enterprise=enterprise, user=owner)
        answers: dict[str, Any] = {}
        for criterion in assessment.version.criteria():
            ratio = {"numerator": 30, "denominator": 120}
            answers[criterion["code"]] = ratio if criterion["kind"] == "ratio" else 3
        assessment.answers, assessment.respondent_name = answers, "Phạm Thị Lan"
        assessment.respondent_position, assessment.respondent_email = "Giám đốc", OWNER
        assessment.part_c, assessment.part_d = ["C1"], {"support": ["D4"], "answers": {"D7": "Cần tư vấn ERP"}}
        assessment.save()
        return lifecycle.assessment_submit(assessment=assessment, user=owner)

    def create() -> Evidence:
        with schema_context(schema):
            enterprise = enterprise_save(
                enterprise=Enterprise(tax_code=TAX_CODE, name="Công ty Bằng Chứng"), user=world.admin_a
            )
            owner = UserFactory.create(email=OWNER, full_name="Phạm Thị Lan", role=Role.ENTERPRISE)
            EnterpriseAccount.objects.create(user=owner, enterprise=enterprise)
            expert = UserFactory.create(email=EXPERT, full_name="Trần Thị Hường", role=Role.EXPERT)
            ExpertAssignment.objects.create(expert=expert, enterprise=enterprise, created_by=world.admin_a)
            older = lifecycle.assessment_validate(assessment=answered(enterprise, owner), user=world.staff_a)
            newer = answered(enterprise, owner)
            lifecycle.assessment_review_start(assessment=newer, user=expert)
            lifecycle.assessment_adjust(
                assessment=newer, code="1.1.1", value=5, comment="Website cập nhật hằng tuần", user=expert
            )
            lifecycle.assessment_review_accept(
                assessment=newer, user=expert, recommendation="validate", note="Số liệu khớp với sổ sách"
            )
            return Evidence(str(older.uuid), str(newer.uuid))

    def clean_up() -> None:
        with schema_context(schema):
            mine = Assessment.objects.filter(enterprise__tax_code=TAX_CODE)
            Job.objects.filter(
                kind="certificate_pdf", params__assessment__in=list(mine.values_list("pk", flat=True))
            ).delete()
            mine.delete()
            EnterpriseAccount.objects.filter(enterprise__tax_code=TAX_CODE).delete()
            Enterprise.objects.filter(tax_code=TAX_CODE).delete()
            AuditEntry.objects.filter(actor_email__in=[OWNER, EXPERT]).delete()
            User.objects.filter(email__in=[OWNER, EXPERT]).delete()

    made = committed(create)
    yield made
    committed(clean_up)


@dataclass
class Browsing:
    page: Any
    base: str
    label: str
    width: int
    errors: list[str]

    def log_in(self, email: str) -> None:
        self.page.goto(f"{self.base}/accounts/login/")
        self.page.get_by_label("Thư điện tử").fill(email)
        self.page.get_by_label("Mật khẩu").fill(PASSWORD)
        self.page.get_by_role("button", name="Đăng nhập").click()
        self.page.wait_for_url(f"{self.base}/**")

    def fits_and_shoot(self, name: str) -> None:
        """Nothing scrolls sideways, axe finds nothing serious or critical (WCAG 2.1 AA) on the page
        as the journey left it, and the screenshot is kept for a person to look at."""
        assert self.page.evaluate("document.documentElement.scrollWidth") <= self.width
        self.page.screenshot(path=str(ARTIFACTS / f"{name}-{self.label}.png"), full_page=True)
        self.page.add_script_tag(path=str(AXE))
        violations = self.page.evaluate(RUN_AXE)
        assert violations == [], f"{name} [{self.label}]: {violations}"


@pytest.fixture(params=VIEWPORTS, ids=[label for label, _size in VIEWPORTS])
def browsing(
    request: pytest.FixtureRequest,
    live_server_port: int,  # noqa: F811
    browser: Any,  # noqa: F811
    forget_browser_sessions: None,  # noqa: F811
) -> Browsing:
    label, (width, height) = request.param
    ARTIFACTS.mkdir(exist_ok=True)
    # The CSP forbids inline scripts; axe is injected as one, so this context bypasses it.
    page = browser.new_context(bypass_csp=True, viewport={"width": width, "height": height}).new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    return Browsing(page, f"http://dong-nai.localhost:{live_server_port}", label, width, errors)


def test_the_department_validates_with_the_answers_in_view(
    world: World, browsing: Browsing, evidence: Evidence
) -> None:
    page = browsing.page
    browsing.log_in(world.staff_a.email)
    page.goto(f"{browsing.base}/assessments/{evidence.reviewed}/review/")  # an expert's address: no dead end
    page.wait_for_url(f"**/assessments/{evidence.reviewed}/#evidence")
    assert page.get_by_test_id("state").first.inner_text() == "Chuyên gia đã thẩm định"
    review = page.get_by_test_id("expert-review").inner_text()
    for words in ("Trần Thị Hường", "Xác nhận kết quả", "Số liệu khớp với sổ sách"):
        assert words in review, words
    change = page.get_by_test_id("answer-change").inner_text()
    for words in ("Ít nhất 1 lần mỗi quý", "Ít nhất 1 lần mỗi tuần", "Website cập nhật hằng tuần"):
        assert words in change, words
    browsing.fits_and_shoot("department-evidence")
    page.get_by_role("link", name="Đến phần quyết định").click()
    page.get_by_role("button", name="Xác nhận", exact=True).click()
    page.get_by_text("Đã xác nhận: kết quả này").wait_for()
    assert page.get_by_test_id("state").first.inner_text() == "Đã xác nhận"
    assert browsing.errors == [], browsing.errors


def test_an_enterprise_prints_its_answers_and_downloads_an_older_certificate(
    browsing: Browsing, evidence: Evidence
) -> None:
    page = browsing.page
    browsing.log_in(OWNER)
    page.goto(f"{browsing.base}/assessments/{evidence.older}/")
    page.get_by_role("link", name="Xem và in câu trả lời").click()
    page.wait_for_url(f"**/assessments/{evidence.older}/answers/")
    assert page.get_by_role("button", name="In hoặc lưu thành PDF").is_visible()
    assert "Cần tư vấn ERP" in page.content()
    browsing.fits_and_shoot("enterprise-answers")
    page.emulate_media(media="print")  # what the printer (or "Save as PDF") gets: the answers only
    assert not page.locator("header").is_visible()
    assert not page.get_by_role("button", name="In hoặc lưu thành PDF").is_visible()
    page.screenshot(path=str(ARTIFACTS / f"enterprise-answers-print-{browsing.label}.png"), full_page=True)
    page.emulate_media(media="screen")

    page.goto(f"{browsing.base}/assessments/{evidence.older}/")
    page.get_by_role("link", name="Tải giấy chứng nhận (PDF)").click()  # never built: built now
    page.wait_for_url("**/jobs/**")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải về").click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert browsing.errors == [], browsing.errors


def test_the_expert_reviews_every_answer_and_finishes_with_a_recommendation(
    browsing: Browsing, evidence: Evidence
) -> None:
    page = browsing.page
    browsing.log_in(EXPERT)
    page.goto(f"{browsing.base}/assessments/{evidence.reviewed}/review/")
    assert page.get_by_test_id("state").first.inner_text() == "Chuyên gia đã thẩm định"
    assert "Website cập nhật hằng tuần" in page.get_by_test_id("answer-change").inner_text()
    assert page.get_by_label("Xác nhận kết quả").is_checked()  # the recommendation given, ready to revise
    browsing.fits_and_shoot("expert-review")
    page.get_by_label("Trả lại cho doanh nghiệp").check()
    page.get_by_label("Ghi chú gửi Sở (bắt buộc khi đề xuất trả lại)").fill("Thiếu số liệu doanh thu")
    page.get_by_role("button", name="Gửi kết quả thẩm định cho Sở").click()
    page.wait_for_url(f"**/assessments/{evidence.reviewed}/review/")
    assert page.get_by_label("Trả lại cho doanh nghiệp").is_checked()
    assert browsing.errors == [], browsing.errors
