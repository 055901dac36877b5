"""A department officer follows a wave: the funnel, each invitee's status, those not yet responded,
and a reminder to them now, on a laptop and on a phone."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from django_tenants.utils import schema_context

from tests.conftest import World, committed
from tests.test_browser import ARTIFACTS, browser, forget_browser_sessions, live_server_port  # noqa: F401  (fixtures)
from tests.test_browser_evidence import Browsing, browsing  # noqa: F401  (a laptop and a phone)

pytestmark = pytest.mark.browser
WAVE = "Đợt nhắc nhở trình duyệt"
# (tax code, name, e-mail, how far it got)
INVITEES = [
    ("0100109106", "DN Đã Gửi Bài", "gui@song.vn", "submitted"),
    ("0100233583", "DN Đang Làm Dở", "dangdo@song.vn", "started"),
    ("0101243150", "DN Chưa Mở Một", "chuamo1@song.vn", "invited"),
    ("0102030405", "DN Chưa Mở Hai", "chuamo2@song.vn", "invited"),
]
TAX_CODES = [tax_code for tax_code, *_rest in INVITEES]


@pytest.fixture
def wave(world: World) -> Iterator[str]:
    """A running wave of four invited enterprises: one submitted, one started, two that have not
    opened their link; committed so the live server sees it. Returns the wave's address."""
    from assessments.models import Assessment, AssessmentState, Invitation, Wave
    from assessments.selectors import model_version_published
    from enterprises.models import Enterprise
    from enterprises.services import enterprise_save

    schema = world.province_a.schema_name
    now = timezone.now()

    def create() -> str:
        with schema_context(schema):
            made = Wave.objects.create(
                name=WAVE, starts_on=now.date() - timedelta(days=10), ends_on=now.date() + timedelta(days=30)
            )
            version = model_version_published(key="qd1970-sme")
            for tax_code, name, email, stage in INVITEES:
                enterprise = enterprise_save(
                    enterprise=Enterprise(tax_code=tax_code, name=name, email=email), user=world.admin_a
                )
                Invitation.objects.create(
                    wave=made,
                    enterprise=enterprise,
                    email=email,
                    token_hash=secrets.token_hex(32),
                    sent_at=now - timedelta(days=3),
                    accepted_at=now - timedelta(days=2) if stage == "submitted" else None,
                )
                if stage != "invited":
                    submitted = stage == "submitted"
                    Assessment.objects.create(
                        enterprise=enterprise,
                        version=version,
                        wave=made,
                        state=AssessmentState.SUBMITTED if submitted else AssessmentState.DRAFT,
                        submitted_at=now - timedelta(days=1) if submitted else None,
                    )
            return f"/assessments/waves/{made.uuid}/"

    def clean_up() -> None:
        with schema_context(schema):
            Assessment.objects.filter(enterprise__tax_code__in=TAX_CODES).delete()
            Invitation.objects.filter(wave__name=WAVE).delete()
            Wave.objects.filter(name=WAVE).delete()
            Enterprise.objects.filter(tax_code__in=TAX_CODES).delete()

    address = committed(create)
    yield address
    committed(clean_up)


def funnel(page: Any) -> dict[str, str]:
    """The wave's funnel as the officer reads it: each card's label and its number."""
    cards = page.locator(".card-body").all_inner_texts()[:6]
    return {label.strip(): number.strip() for number, label in (card.strip().split("\n", 1) for card in cards)}


def status_of(page: Any, name: str) -> str:
    row = page.locator("table").first.locator("tbody tr").filter(has=page.get_by_role("link", name=name, exact=True))
    return str(row.locator("td").nth(1).inner_text()).strip()


def test_the_department_reminds_the_enterprises_that_have_not_responded(
    world: World,
    browsing: Browsing,  # noqa: F811
    wave: str,
) -> None:
    page, base = browsing.page, browsing.base
    browsing.log_in(world.staff_a.email)

    page.goto(f"{base}/assessments/waves/")  # the officer opens the wave from the list of waves
    page.get_by_role("link", name=WAVE).click()
    page.wait_for_url(f"{base}{wave}")
    assert page.get_by_role("heading", name=WAVE).is_visible()
    assert funnel(page) == {
        "trong danh sách": "4",
        "đã mời": "4",
        "đã mở liên kết": "2",
        "đã bắt đầu": "2",
        "đã gửi": "1",
        "đã xác nhận": "0",
    }
    assert page.get_by_test_id("invitee-count").inner_text() == "4 doanh nghiệp"
    assert status_of(page, "DN Đã Gửi Bài").startswith("Đã gửi")
    assert status_of(page, "DN Đang Làm Dở").startswith("Đã bắt đầu")
    assert status_of(page, "DN Chưa Mở Một") == "Đã mời, chưa mở"
    assert status_of(page, "DN Chưa Mở Hai") == "Đã mời, chưa mở"
    page.screenshot(path=str(ARTIFACTS / f"wave-funnel-{browsing.label}.png"), full_page=True)

    page.get_by_label("Trạng thái").select_option(label="Chưa phản hồi")
    page.get_by_role("button", name="Lọc", exact=True).click()
    page.wait_for_url("**?status=pending")
    assert page.get_by_test_id("invitee-count").inner_text() == "3 doanh nghiệp"
    assert page.get_by_role("link", name="DN Đã Gửi Bài").count() == 0
    for name in ("DN Đang Làm Dở", "DN Chưa Mở Một", "DN Chưa Mở Hai"):
        assert page.get_by_role("link", name=name, exact=True).is_visible(), name

    page.get_by_role("button", name="Nhắc ngay các doanh nghiệp chưa phản hồi").click()
    page.get_by_text("Đã gửi lời nhắc tới 3 doanh nghiệp.").wait_for()
    assert "status=pending" in page.url
    assert sorted(message.to[0] for message in mail.outbox) == ["chuamo1@song.vn", "chuamo2@song.vn", "dangdo@song.vn"]
    reminders = page.locator("table").first.locator("tbody td.text-end").all_inner_texts()  # the invitees
    assert [text.split("\n")[0] for text in reminders] == ["1", "1", "1"]  # each reminded once, shown
    browsing.fits_and_shoot("wave-reminded")

    page.get_by_role("button", name="Nhắc ngay các doanh nghiệp chưa phản hồi").click()  # a second click
    page.get_by_text("Không có ai cần nhắc").wait_for()
    assert len(mail.outbox) == 3  # nobody mailed twice
    assert browsing.errors == [], browsing.errors
