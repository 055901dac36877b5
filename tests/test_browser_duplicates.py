"""An officer compares two records the duplicate finder pairs, merges a branch entered under its head
office's name only after confirming, and marks another pair as two enterprises, on a laptop and on a
phone."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django_tenants.utils import schema_context

from tests.conftest import World, committed
from tests.test_browser import browser, forget_browser_sessions, live_server_port  # noqa: F401  (fixtures)
from tests.test_browser_evidence import Browsing, browsing  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser
HEAD, BRANCH = "0100109106", "0100109106-001"
TWINS = ("0102030405", "3100000016")  # two valid head-office codes: two enterprises by law


@pytest.fixture
def pairs(world: World, db: None) -> Iterator[None]:
    """A branch entered under its head office's name, and two companies of one name in one ward."""
    from core.models import AuditEntry
    from enterprises.models import Association, Enterprise, NotDuplicate
    from enterprises.services import enterprise_save
    from reference.models import Ward

    schema = world.province_a.schema_name
    codes = [HEAD, BRANCH, *TWINS]

    def create() -> None:
        with schema_context(schema):
            ward = Ward.objects.filter(province__code="75").order_by("code").first()

            def save(code: str, name: str, **fields: object) -> Enterprise:
                enterprise = Enterprise(tax_code=code, name=name, ward=ward, **fields)
                return enterprise_save(enterprise=enterprise, user=world.admin_a)

            save(HEAD, "Công ty Cổ phần Sao Mai", street_address="12 Lê Lợi")
            branch = save(BRANCH, "Chi nhánh Công ty CP Sao Mai", street_address="12 Lê Lợi", phone="0251 3822 000")
            branch.associations.add(Association.objects.create(name="Hiệp hội Sao Mai"))
            save(TWINS[0], "Công ty TNHH Thành Công")
            save(TWINS[1], "Cty TNHH Thành Công")

    def clean_up() -> None:
        with schema_context(schema):
            mine = Enterprise.objects.filter(tax_code__in=codes)
            NotDuplicate.objects.filter(first__in=mine).delete()
            mine.filter(merged_into__isnull=False).delete()  # the merged record points at the kept one
            mine.delete()
            Association.objects.filter(name="Hiệp hội Sao Mai").delete()
            AuditEntry.objects.filter(action__in=["enterprise.merge", "enterprise.not_duplicate"]).delete()

    committed(create)
    yield
    committed(clean_up)


def test_an_officer_merges_a_duplicate_only_after_comparing_and_confirming(
    world: World,
    browsing: Browsing,  # noqa: F811
    pairs: None,
) -> None:
    page = browsing.page
    browsing.log_in(world.staff_a.email)
    page.goto(f"{browsing.base}/enterprises/duplicates/")
    branch_pair = page.locator(".card", has_text="Chi nhánh Công ty CP Sao Mai")
    assert "Gần như chắc chắn là cùng một doanh nghiệp" in branch_pair.inner_text()
    assert "một mã số thuế là chi nhánh của mã kia" in branch_pair.inner_text()
    twins = page.locator(".card", has_text="Cty TNHH Thành Công")
    assert "Có khả năng trùng: cần kiểm tra trước khi gộp" in twins.inner_text()
    browsing.fits_and_shoot("duplicates")

    branch_pair.get_by_role("link", name="So sánh và gộp…").click()
    page.wait_for_url("**/enterprises/merge/**")
    assert "Hiệp hội: 1" in page.content()  # what moves with the branch record
    browsing.fits_and_shoot("duplicates-compare")
    page.get_by_role("radio").first.check()  # keep the head office's record
    page.get_by_role("button", name="Gộp", exact=True).click()
    assert "/enterprises/merge/" in page.url  # not sent: the confirmation is not ticked
    page.get_by_label("Tôi đã so sánh hai hồ sơ").check()
    page.get_by_role("button", name="Gộp", exact=True).click()
    page.get_by_text(f"{BRANCH} đã được gộp vào doanh nghiệp này.").wait_for()
    assert "Công ty Cổ phần Sao Mai" in page.locator("h1").inner_text()

    page.goto(f"{browsing.base}/enterprises/duplicates/")
    assert page.locator(".card", has_text="Chi nhánh Công ty CP Sao Mai").count() == 0
    page.locator(".card", has_text="Cty TNHH Thành Công").get_by_role("button", name="Không trùng").click()
    page.get_by_text("sẽ không được đề xuất gộp nữa").wait_for()
    assert page.locator(".card", has_text="Cty TNHH Thành Công").count() == 0
    assert browsing.errors == [], browsing.errors
