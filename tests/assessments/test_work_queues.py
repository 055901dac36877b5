"""Work queues: the department's assessment list (count, filters, order, export), the expert's
queue, and a wave's funnel, invitee list, "remind now" and export."""

from __future__ import annotations

import csv
import io
import secrets
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.models import User
from accounts.roles import Role
from assessments import extensions
from assessments.models import Assessment, AssessmentState, Invitation, Wave
from assessments.selectors import model_version_published
from core.models import AuditEntry
from enterprises.models import Enterprise, EnterpriseAccount
from enterprises.services import enterprise_save
from reference.models import Ward
from tests.conftest import World, client_for
from tests.factories import UserFactory

NOW = timezone.now()


def csv_rows(client: Client, started: Any) -> list[list[str]]:
    download = client.get(started["Location"] + "download/")
    assert download.status_code == 200
    content = b"".join(download.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    return list(csv.reader(io.StringIO(content)))


def enterprise(world: World, tax_code: str, name: str, email: str = "", **fields: Any) -> Enterprise:
    with schema_context(world.province_a.schema_name):
        saved = enterprise_save(enterprise=Enterprise(tax_code=tax_code, name=name, email=email), user=world.admin_a)
        if fields:
            Enterprise.objects.filter(pk=saved.pk).update(**fields)
            saved.refresh_from_db()
        return saved


def assessment(world: World, of: Enterprise, state: str, **fields: Any) -> Assessment:
    with schema_context(world.province_a.schema_name):
        submitted = state != AssessmentState.DRAFT
        return Assessment.objects.create(
            enterprise=of,
            version=model_version_published(key="qd1970-sme"),
            state=state,
            submitted_at=fields.pop("submitted_at", NOW) if submitted else None,
            validated_at=NOW if state == AssessmentState.VALIDATED else None,
            **fields,
        )


@pytest.fixture
def scene(world: World, db: None) -> dict[str, Any]:
    """Four assessments of four enterprises: a draft, one submitted in 2025, one under review and one
    validated; the validated one in ward W, section C, small, with an expert and a wave."""
    with schema_context(world.province_a.schema_name):
        ward = Ward.objects.filter(province__code="75").order_by("code").first()
        expert = UserFactory.create(email="hong@dong-nai.vn", full_name="Nguyễn Thị Hồng", role=Role.EXPERT)
        wave = Wave.objects.create(name="Đợt 2026", starts_on=NOW.date(), ends_on=NOW.date() + timedelta(days=30))
    draft = assessment(world, enterprise(world, "0100109106", "Công ty Nháp"), AssessmentState.DRAFT)
    old = assessment(
        world,
        enterprise(world, "0100233583", "Công ty Năm Ngoái"),
        AssessmentState.SUBMITTED,
        submitted_at=datetime(2025, 6, 1, 9, tzinfo=timezone.get_current_timezone()),
        total=90,
        overall_level=2,
    )
    reviewing = assessment(
        world, enterprise(world, "0101243150", "Công ty Đang Thẩm Định"), AssessmentState.UNDER_REVIEW, total=140
    )
    formula = enterprise(world, "0102030405", '=HYPERLINK("x")', ward=ward, section="C", size="small")
    validated = assessment(
        world, formula, AssessmentState.VALIDATED, total=150, overall_level=3, expert=expert, wave=wave
    )
    return {"draft": draft, "old": old, "reviewing": reviewing, "validated": validated, "ward": ward,
            "expert": expert, "wave": wave}  # fmt: skip


def names(page: str, among: list[str]) -> list[str]:
    """The names of `among` in the order the page shows them."""
    found = sorted((page.index(name), name) for name in among if name in page)
    return [name for _, name in found]


ALL = ["Công ty Nháp", "Công ty Năm Ngoái", "Công ty Đang Thẩm Định", "=HYPERLINK(&quot;x&quot;)"]


def test_the_list_counts_and_puts_what_awaits_a_decision_first_and_drafts_last(world: World, scene: Any) -> None:
    page = client_for(world.province_a, world.staff_a).get("/assessments/").text
    assert "4 bài đánh giá" in page
    # Under review and submitted (awaiting a decision, latest first), then validated, the draft last.
    assert names(page, ALL) == [
        "Công ty Đang Thẩm Định",
        "Công ty Năm Ngoái",
        "=HYPERLINK(&quot;x&quot;)",
        "Công ty Nháp",
    ]
    by_points = client_for(world.province_a, world.staff_a).get("/assessments/", {"sort": "-points"}).text
    assert names(by_points, ALL) == ["=HYPERLINK(&quot;x&quot;)", "Công ty Đang Thẩm Định", "Công ty Năm Ngoái",
                                     "Công ty Nháp"]  # fmt: skip


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"year": "2025"}, ["Công ty Năm Ngoái"]),
        ({"state": "under_review"}, ["Công ty Đang Thẩm Định"]),
        ({"level": "3"}, ["=HYPERLINK(&quot;x&quot;)"]),
        ({"section": "C", "size": "small"}, ["=HYPERLINK(&quot;x&quot;)"]),
        ({"q": "nam ngoai"}, ["Công ty Năm Ngoái"]),
    ],
)
def test_each_filter_narrows_the_list(world: World, scene: Any, filters: dict[str, str], expected: list[str]) -> None:
    page = client_for(world.province_a, world.staff_a).get("/assessments/", filters).text
    assert names(page, ALL) == expected
    assert f"{len(expected)} bài đánh giá" in page


def test_wave_expert_and_ward_filters(world: World, scene: Any) -> None:
    client = client_for(world.province_a, world.staff_a)
    for filters in ({"wave": str(scene["wave"].uuid)}, {"expert": str(scene["expert"].pk)},
                    {"ward": scene["ward"].code}):  # fmt: skip
        assert names(client.get("/assessments/", filters).text, ALL) == ["=HYPERLINK(&quot;x&quot;)"]


def test_bad_filter_values_are_left_out_with_a_message_never_an_error(world: World, scene: Any) -> None:
    client = client_for(world.province_a, world.staff_a)
    bad = {"year": "19x9", "level": "9", "wave": "khong-phai", "expert": "123", "ward": "00000", "size": "huge",
           "sort": "drop table", "state": "under_review", "page": "abc"}  # fmt: skip
    response = client.get("/assessments/", bad)
    assert response.status_code == 200
    assert "Đã bỏ qua vì không hợp lệ" in response.text
    assert "Năm gửi" in response.text
    assert names(response.text, ALL) == ["Công ty Đang Thẩm Định"]  # the valid filter still applies


def test_the_export_has_the_filtered_rows_formula_safe_and_stays_in_its_province(
    world: World, scene: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(world.province_a, world.staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post("/assessments/export/", {"level": "3", "format": "csv"})
    table = csv_rows(client, started)
    assert table[0][:2] == ["Mã số thuế", "Doanh nghiệp"]
    assert len(table) == 2
    row = dict(zip(table[0], table[1], strict=True))
    assert row["Doanh nghiệp"] == '\'=HYPERLINK("x")'  # formula defused
    assert row["Trạng thái"] == "Đã xác nhận"
    assert row["Mức DBI"] == "3"
    assert row["Tên mức"] == "Hình thành"
    assert row["Chuyên gia"] == "Nguyễn Thị Hồng"
    with django_capture_on_commit_callbacks(execute=True):
        everything = client.post("/assessments/export/", {"format": "csv"})
    assert [line[1] for line in csv_rows(client, everything)[1:]][-1] == "Công ty Nháp"  # same order as the page
    other = client_for(world.province_b, world.admin_b)
    assert other.get(started["Location"] + "download/").status_code == 404
    assert "0 bài đánh giá" in other.get("/assessments/").text
    with schema_context(world.province_a.schema_name):
        enterprise_user = UserFactory.create(email="dn@dong-nai.vn", role=Role.ENTERPRISE)
    assert client_for(world.province_a, enterprise_user).post("/assessments/export/", {}).status_code == 404


def test_the_expert_sees_what_awaits_review_first_and_filters_by_state(world: World, scene: Any) -> None:
    expert: User = scene["expert"]
    with schema_context(world.province_a.schema_name):
        from assessments.models import ExpertAssignment

        for item in Assessment.objects.all():
            ExpertAssignment.objects.create(expert=expert, enterprise=item.enterprise)
        enterprise(world, "0100686209", "Anh Chưa Đánh Giá")  # not assigned: not shown
        ExpertAssignment.objects.create(expert=expert, enterprise=enterprise(world, "0100112437", "Ánh Chưa Đánh Giá"))
    client = client_for(world.province_a, expert)
    page = client.get("/assessments/assigned/").text
    listed = ["Công ty Nháp", "Công ty Năm Ngoái", "Công ty Đang Thẩm Định", "=HYPERLINK(&quot;x&quot;)",
              "Ánh Chưa Đánh Giá"]  # fmt: skip
    order = names(page, listed)
    assert set(order[:2]) == {"Công ty Năm Ngoái", "Công ty Đang Thẩm Định"}  # awaiting review, above "Ánh…"
    assert "2 bài đánh giá đang chờ bạn thẩm định" in page
    assert "Anh Chưa Đánh Giá" not in page
    assert names(client.get("/assessments/assigned/", {"state": "validated"}).text, listed) == [
        "=HYPERLINK(&quot;x&quot;)"
    ]
    assert names(client.get("/assessments/assigned/", {"state": "none"}).text, listed) == ["Ánh Chưa Đánh Giá"]
    bad = client.get("/assessments/assigned/", {"state": "'; drop"})
    assert "Bộ lọc trạng thái không hợp lệ" in bad.text
    assert len(names(bad.text, listed)) == 5


@pytest.fixture
def wave_scene(world: World, db: None) -> dict[str, Any]:
    """A wave's list: one invited only, one that opened the link, one that started without opening it
    (logged in directly), one submitted, one validated, one without an e-mail address."""
    with schema_context(world.province_a.schema_name):
        wave = Wave.objects.create(
            name="Đợt xuất khẩu", starts_on=NOW.date() - timedelta(days=10), ends_on=NOW.date() + timedelta(days=30)
        )
    people = {
        "invited": enterprise(world, "0100109106", "DN Chỉ Được Mời", "moi@dn.vn"),
        "opened": enterprise(world, "0100233583", "DN Đã Mở", "mo@dn.vn"),
        "started": enterprise(world, "0101243150", "DN Đã Bắt Đầu", "batdau@dn.vn"),
        "submitted": enterprise(world, "0102030405", "DN Đã Gửi", "gui@dn.vn"),
        "validated": enterprise(world, "0100686209", "DN Đã Xác Nhận", "xn@dn.vn"),
        "no_email": enterprise(world, "0100112437", "DN Không Thư"),
    }
    with schema_context(world.province_a.schema_name):
        for key, item in people.items():
            Invitation.objects.create(
                wave=wave,
                enterprise=item,
                email=item.email,
                token_hash=secrets.token_hex(32),
                sent_at=NOW - timedelta(days=3) if item.email else None,
                accepted_at=NOW - timedelta(days=2) if key in ("opened", "submitted", "validated") else None,
            )
    assessment(world, people["started"], AssessmentState.DRAFT, wave=wave)
    assessment(world, people["submitted"], AssessmentState.SUBMITTED, wave=wave)
    assessment(world, people["validated"], AssessmentState.VALIDATED, wave=wave)
    return {"wave": wave, **people}


def test_the_funnel_only_narrows(world: World, wave_scene: Any) -> None:
    with schema_context(world.province_a.schema_name):
        report = extensions.wave_report(wave_scene["wave"])
    assert report is not None
    funnel = [report[name] for name in ("listed", "invited", "opened", "started", "submitted", "validated")]
    assert funnel == [6, 5, 4, 3, 2, 1]
    page = client_for(world.province_a, world.staff_a).get(f"/assessments/waves/{wave_scene['wave'].uuid}/").text
    for label in ("Chỉ Được Mời", "Đã Mở", "Đã Bắt Đầu", "Đã Gửi", "Đã Xác Nhận", "Không Thư"):
        assert f"DN {label}" in page
    assert "Đã mời, chưa mở" in page
    assert "Không có địa chỉ e-mail" in page


def test_starting_an_assessment_during_a_wave_counts_as_having_opened_it(world: World, wave_scene: Any) -> None:
    with schema_context(world.province_a.schema_name):
        owner = UserFactory.create(email="moi@dn.vn", role=Role.ENTERPRISE)
        EnterpriseAccount.objects.create(user=owner, enterprise=wave_scene["invited"])
    client_for(world.province_a, owner).post("/assessments/start/")  # logged in, the link never opened
    with schema_context(world.province_a.schema_name):
        invitation = Invitation.objects.get(enterprise=wave_scene["invited"])
        assert invitation.accepted_at is not None
        report = extensions.wave_report(wave_scene["wave"])
    assert report is not None
    assert (report["opened"], report["started"]) == (5, 4)


def test_not_yet_responded_lists_those_invited_who_have_not_submitted(world: World, wave_scene: Any) -> None:
    client = client_for(world.province_a, world.staff_a)
    url = f"/assessments/waves/{wave_scene['wave'].uuid}/"
    page = client.get(url, {"status": "pending"}).text
    shown = names(page, [f"DN {n}" for n in ("Chỉ Được Mời", "Đã Mở", "Đã Bắt Đầu", "Đã Gửi", "Đã Xác Nhận",
                                             "Không Thư")])  # fmt: skip
    assert sorted(shown) == sorted(["DN Chỉ Được Mời", "DN Đã Mở", "DN Đã Bắt Đầu"])
    assert "3 doanh nghiệp" in page
    bad = client.get(url, {"status": "<script>"})
    assert "Bộ lọc tình trạng không hợp lệ" in bad.text


def test_remind_now_mails_each_not_yet_responded_invitee_once(
    world: World, wave_scene: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(world.province_a, world.staff_a)
    url = f"/assessments/waves/{wave_scene['wave'].uuid}/remind/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert sorted(message.to[0] for message in mail.outbox) == ["batdau@dn.vn", "mo@dn.vn", "moi@dn.vn"]
    assert "Đã gửi lời nhắc tới 3 doanh nghiệp" in response.text
    assert all("Nhắc lại" in message.subject for message in mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url, follow=True)
    assert len(mail.outbox) == 3  # not twice within a day
    assert "Không có ai cần nhắc" in again.text
    with schema_context(world.province_a.schema_name):
        entries = list(AuditEntry.objects.filter(action="wave.remind").values_list("changes", flat=True))
    assert sorted(entry["reminded"] for entry in entries) == [0, 3]
    assert client.get(url).status_code == 302  # a GET sends nothing
    assert len(mail.outbox) == 3


def test_the_invitee_export_lists_each_with_its_status(
    world: World, wave_scene: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(world.province_a, world.staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(f"/assessments/waves/{wave_scene['wave'].uuid}/export/", {"format": "csv"})
    table = csv_rows(client, started)
    statuses = {row[1]: row[table[0].index("Trạng thái")] for row in table[1:]}
    assert statuses == {
        "DN Chỉ Được Mời": "Đã mời, chưa mở",
        "DN Đã Mở": "Đã mở liên kết",
        "DN Đã Bắt Đầu": "Đã bắt đầu",
        "DN Đã Gửi": "Đã gửi",
        "DN Đã Xác Nhận": "Đã xác nhận",
        "DN Không Thư": "Không có địa chỉ e-mail",
    }
    with django_capture_on_commit_callbacks(execute=True):
        pending = client.post(f"/assessments/waves/{wave_scene['wave'].uuid}/export/", {"status": "pending"})
    assert pending.status_code == 302


def test_another_province_reaches_none_of_the_wave_pages(
    world: World, wave_scene: Any, django_capture_on_commit_callbacks: Any
) -> None:
    wave = wave_scene["wave"]
    other = client_for(world.province_b, world.admin_b)
    assert other.get(f"/assessments/waves/{wave.uuid}/", {"status": "pending"}).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        assert other.post(f"/assessments/waves/{wave.uuid}/remind/").status_code == 404
        assert other.post(f"/assessments/waves/{wave.uuid}/export/", {"format": "csv"}).status_code == 404
    assert mail.outbox == []
    with schema_context(world.province_a.schema_name):
        expert = UserFactory.create(email="cg2@dong-nai.vn", role=Role.EXPERT)
    assert client_for(world.province_a, expert).post(f"/assessments/waves/{wave.uuid}/remind/").status_code == 404
