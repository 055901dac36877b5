"""The department validates with the evidence in view (answers, points, the expert's changes and
recommendation); states read the same on every page; an enterprise prints its answers and downloads
the certificate of any validated result of its own, and nobody else's."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django_tenants.utils import schema_context

from accounts.roles import Role
from assessments.models import Assessment, AssessmentState
from assessments.selectors import model_version_published
from enterprises.models import EnterpriseAccount
from tests.assessments.conftest import Setting, fill_everything, submitted_by_owner
from tests.conftest import World, client_for
from tests.factories import UserFactory

REASON = "Website cập nhật hằng tuần, đã xem trang tin"
NOTE = "Số liệu khớp với sổ sách của doanh nghiệp"


def _reviewed(world: World, setting: Setting) -> tuple[Assessment, Client]:
    """A submitted assessment whose expert changed 1.1.1 (option 3 → 5) and recommends validating."""
    assessment = submitted_by_owner(world, setting)
    expert = client_for(world.province_a, setting.expert)
    url = f"/assessments/{assessment.uuid}/review/"
    expert.post(url, {"action": "start"})
    expert.post(url, {"action": "adjust", "criterion": "1.1.1", "option": "5", "comment": REASON})
    refused = expert.post(url, {"action": "accept", "recommendation": "return", "note": " "}, follow=True)
    assert "Hãy nêu những điểm doanh nghiệp cần sửa" in refused.text
    expert.post(url, {"action": "accept", "recommendation": "validate", "note": NOTE})
    return assessment, expert


def test_the_department_page_shows_answers_points_changes_and_recommendation_before_the_form(
    world: World, setting: Setting
) -> None:
    assessment, _expert = _reviewed(world, setting)
    officer = client_for(world.province_a, world.staff_a)
    page = officer.get(f"/assessments/{assessment.uuid}/").text
    for words in (
        "Cập nhật website của doanh nghiệp",  # criterion 1.1.1
        "5. Ít nhất 1 lần mỗi tuần",  # the answer now
        "3. Ít nhất 1 lần mỗi quý",  # before the expert's change
        "Chuyên gia đã sửa",
        REASON,
        "Trần Thị Hường",  # who changed it and reviewed
        "Xác nhận kết quả",  # the recommendation
        NOTE,
        "Tỷ lệ chi phí tiếp thị số",  # a ratio criterion, with its answer and share
        "1 / 2 (50\u00a0%)",
        "Thang điểm tạm thời",
    ):
        assert words in page, words
    row = page[page.index('id="criterion-1.1.1"') :]
    assert "5 / 5" in row[: row.index("</tr>")]  # its points after the change, of its maximum
    assert page.count('id="criterion-') == 60
    evidence, form = page.index('id="evidence"'), page.index('id="decision"')
    assert evidence < form
    assert 'name="decision" value="validate"' in page[form:]


def test_department_staff_reaching_the_review_address_land_on_the_department_page(
    world: World, setting: Setting
) -> None:
    assessment, _expert = _reviewed(world, setting)
    officer = client_for(world.province_a, world.staff_a)
    response = officer.get(f"/assessments/{assessment.uuid}/review/")
    assert response.status_code == 302
    assert response["Location"] == f"/assessments/{assessment.uuid}/#evidence"
    assert officer.get(response["Location"]).status_code == 200
    # An enterprise's own account still may not review.
    assert client_for(world.province_a, setting.owner).get(f"/assessments/{assessment.uuid}/review/").status_code == 404


def test_after_the_expert_accepted_every_page_reads_the_same_state(world: World, setting: Setting) -> None:
    assessment, expert = _reviewed(world, setting)
    with schema_context(world.province_a.schema_name):
        assert Assessment.objects.get(pk=assessment.pk).state == AssessmentState.REVIEWED
    officer = client_for(world.province_a, world.staff_a)
    owner = client_for(world.province_a, setting.owner)
    pages = {
        "list": officer.get("/assessments/").text,
        "department": officer.get(f"/assessments/{assessment.uuid}/").text,
        "result": owner.get(f"/assessments/{assessment.uuid}/").text,
        "mine": owner.get("/assessments/mine/").text,
        "review": expert.get(f"/assessments/{assessment.uuid}/review/").text,
        "answers": owner.get(f"/assessments/{assessment.uuid}/answers/").text,
    }
    for name, text in pages.items():
        assert "Chuyên gia đã thẩm định" in text, name
        assert "Đang thẩm định" not in text.replace('value="under_review">Đang thẩm định', ""), name
    english = client_for(world.province_a, world.staff_a)
    english.cookies["django_language"] = "en"
    assert "Reviewed by the expert" in english.get(f"/assessments/{assessment.uuid}/", HTTP_ACCEPT_LANGUAGE="en").text
    # A change after the review opens it again: the recommendation no longer stands.
    expert.post(
        f"/assessments/{assessment.uuid}/review/",
        {"action": "adjust", "criterion": "1.1.2", "option": "1", "comment": "Chưa có"},
    )
    again = officer.get(f"/assessments/{assessment.uuid}/").text
    assert "Đang thẩm định" in again
    assert NOTE not in again[again.index('data-testid="expert-review"') : again.index('id="decision"')]


def _second_enterprise_account(world: World, setting: Setting) -> Client:
    with schema_context(world.province_a.schema_name):
        other_owner = UserFactory.create(email="giamdoc@khonggiao.vn", role=Role.ENTERPRISE)
        EnterpriseAccount.objects.create(user=other_owner, enterprise=setting.other)
    return client_for(world.province_a, other_owner)


def test_an_enterprise_prints_its_older_answers_and_downloads_its_older_certificate(
    world: World, setting: Setting, django_capture_on_commit_callbacks: Any
) -> None:
    older = submitted_by_owner(world, setting)
    officer = client_for(world.province_a, world.staff_a)
    officer.post(f"/assessments/{older.uuid}/decide/", {"decision": "validate"})  # its PDF job never ran
    owner = client_for(world.province_a, setting.owner)
    owner.post("/assessments/start/")
    with schema_context(world.province_a.schema_name):
        newer = Assessment.objects.exclude(pk=older.pk).get(enterprise=setting.assigned)
        definition = model_version_published(key="qd1970-sme").definition
    fill_everything(owner, newer, definition)
    owner.post(f"/assessments/{newer.uuid}/submit/")

    answers = owner.get(f"/assessments/{older.uuid}/answers/")
    assert answers.status_code == 200
    for words in (
        "Câu trả lời đánh giá DBI",
        "In hoặc lưu thành PDF",
        "Công ty Được Giao",
        "3. Ít nhất 1 lần mỗi quý",
        "Phạm Thị Lan",  # who answered
        "Cần tư vấn ERP",  # Part D, in its own words
        "Thang điểm tạm thời",
        "văn bản quy định chưa nêu cách quy đổi tỷ lệ này ra điểm",  # what the provisional scale means
    ):
        assert words in answers.text, words
    assert "Đã xác nhận" in answers.text  # the older result's state
    assert "Tải giấy chứng nhận" in owner.get(f"/assessments/{older.uuid}/").text

    with django_capture_on_commit_callbacks(execute=True):
        building = owner.get(f"/assessments/{older.uuid}/certificate/")
    assert building.status_code == 302
    assert building["Location"].startswith("/jobs/")
    assert owner.get(building["Location"]).status_code == 200
    download = owner.get(f"/assessments/{older.uuid}/certificate/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="chung-nhan-dbi-0100109106.pdf"')
    assert b"".join(download.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]

    # Another enterprise of the province, and province B, see neither.
    stranger = _second_enterprise_account(world, setting)
    foreign = client_for(world.province_b, world.admin_b)
    for client in (stranger, foreign):
        assert client.get(f"/assessments/{older.uuid}/answers/").status_code == 404
        assert client.get(f"/assessments/{older.uuid}/certificate/").status_code == 404


def test_a_second_click_on_a_certificate_being_built_follows_the_same_job(world: World, setting: Setting) -> None:
    assessment = submitted_by_owner(world, setting)
    client_for(world.province_a, world.staff_a).post(
        f"/assessments/{assessment.uuid}/decide/", {"decision": "validate"}
    )
    owner = client_for(world.province_a, setting.owner)
    first = owner.get(f"/assessments/{assessment.uuid}/certificate/")
    second = owner.get(f"/assessments/{assessment.uuid}/certificate/")
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert "Giấy chứng nhận đang được tạo" in owner.get(second["Location"]).text


def test_the_migration_gives_accepted_undecided_reviews_their_state(world: World, setting: Setting) -> None:
    from importlib import import_module

    from django.apps import apps
    from django.utils import timezone

    migration = import_module("assessments.migrations.0007_review_recommendation")
    with schema_context(world.province_a.schema_name):
        version = model_version_published(key="qd1970-sme")
        accepted, reviewing = (
            Assessment.objects.create(
                enterprise=setting.assigned, version=version, state="under_review", reviewed_at=reviewed_at
            )
            for reviewed_at in (timezone.now(), None)
        )
        migration.accepted_reads_reviewed(apps, None)
        accepted.refresh_from_db()
        reviewing.refresh_from_db()
    assert (accepted.state, reviewing.state) == ("reviewed", "under_review")
