"""Experts see only the enterprises assigned to them, review submitted assessments (accept, or change
an answer with a reason), and the department validates."""

from __future__ import annotations

from django_tenants.utils import schema_context

from assessments.models import Assessment, AssessmentEvent, AssessmentKind, AssessmentState
from assessments.selectors import model_version_published
from tests.assessments.conftest import Setting, submitted_by_owner
from tests.conftest import World, client_for


def test_an_expert_sees_only_assigned_enterprises(world: World, setting: Setting) -> None:
    client = client_for(world.province_a, setting.expert)
    assert client.get("/").url == "/assessments/assigned/"  # type: ignore[attr-defined]
    home = client.get("/assessments/assigned/")
    assert "Công ty Được Giao" in home.text
    assert "Công ty Không Giao" not in home.text
    assert client.get(f"/enterprises/{setting.assigned.uuid}/").status_code == 200
    assert client.get(f"/enterprises/{setting.other.uuid}/").status_code == 404
    assert client.get("/enterprises/").status_code == 404
    assert client.post("/assessments/start/", {"enterprise": str(setting.other.uuid)}).status_code == 404
    with schema_context(world.province_a.schema_name):
        foreign = Assessment.objects.create(
            enterprise=setting.other, version=model_version_published(key="qd1970-sme"), created_by=world.admin_a
        )
    assert client.get(f"/assessments/{foreign.uuid}/review/").status_code == 404
    assert client.get(f"/assessments/{foreign.uuid}/fill/header/").status_code == 404


def test_an_expert_assesses_an_assigned_enterprise_with_its_people(world: World, setting: Setting) -> None:
    client = client_for(world.province_a, setting.expert)
    response = client.post("/assessments/start/", {"enterprise": str(setting.assigned.uuid)})
    assert response.status_code == 302
    with schema_context(world.province_a.schema_name):
        assessment = Assessment.objects.get(enterprise=setting.assigned)
    assert assessment.kind == AssessmentKind.EXPERT
    assert assessment.expert == setting.expert
    # The enterprise sees it too, marked as expert-assisted.
    mine = client_for(world.province_a, setting.owner).get("/assessments/mine/")
    assert "Tiếp tục đánh giá" in mine.text


def test_review_changes_need_a_reason_and_rescore_and_the_department_validates(world: World, setting: Setting) -> None:
    assessment = submitted_by_owner(world, setting)
    expert = client_for(world.province_a, setting.expert)
    url = f"/assessments/{assessment.uuid}/review/"
    assert expert.get(url).status_code == 200
    expert.post(url, {"action": "start"})
    with schema_context(world.province_a.schema_name):
        assessment.refresh_from_db()
        assert assessment.state == AssessmentState.UNDER_REVIEW
        before_total = assessment.total
    response = expert.post(url, {"action": "adjust", "criterion": "1.1.1", "option": "5", "comment": ""}, follow=True)
    assert "Hãy giải thích thay đổi ở tiêu chí 1.1.1" in response.text
    expert.post(url, {"action": "adjust", "criterion": "1.1.1", "option": "5", "comment": "Website cập nhật hằng tuần"})
    with schema_context(world.province_a.schema_name):
        assessment.refresh_from_db()
        assert assessment.answers["1.1.1"] == 5
        assert assessment.total == (before_total or 0) + 2  # option 3 → 5
        change = AssessmentEvent.objects.get(assessment=assessment, action="adjust")
        assert (change.before, change.after, change.comment) == (3, 5, "Website cập nhật hằng tuần")
    # The enterprise cannot review; the expert cannot validate.
    assert client_for(world.province_a, setting.owner).post(url, {"action": "accept"}).status_code == 404
    assert expert.post(f"/assessments/{assessment.uuid}/decide/", {"decision": "validate"}).status_code == 404
    expert.post(url, {"action": "accept", "recommendation": "validate"})
    officer = client_for(world.province_a, world.staff_a)
    officer.post(f"/assessments/{assessment.uuid}/decide/", {"decision": "validate"})
    with schema_context(world.province_a.schema_name):
        assessment.refresh_from_db()
        assert assessment.state == AssessmentState.VALIDATED
        assert assessment.reviewed_by == setting.expert
    # Validated: no more changes.
    response = expert.post(url, {"action": "adjust", "criterion": "1.1.2", "option": "1", "comment": "x"}, follow=True)
    assert "Chỉ thẩm định được bài đánh giá đã gửi" in response.text


def test_only_the_department_assigns_experts(world: World, setting: Setting) -> None:
    data = {"enterprise": str(setting.other.uuid), "expert": str(setting.expert.pk)}
    assert client_for(world.province_a, setting.expert).post("/assessments/experts/assign/", data).status_code == 404
    officer = client_for(world.province_a, world.staff_a)
    not_an_expert = {"enterprise": str(setting.other.uuid), "expert": str(world.staff_a.pk)}
    response = officer.post("/assessments/experts/assign/", not_an_expert, follow=True)
    assert "Hãy chọn một chuyên gia" in response.text
    officer.post("/assessments/experts/assign/", data)
    expert = client_for(world.province_a, setting.expert)
    assert expert.get(f"/enterprises/{setting.other.uuid}/").status_code == 200
    removal = {"enterprise": str(setting.assigned.uuid), "expert": str(setting.expert.pk), "remove": "1"}
    officer.post("/assessments/experts/assign/", removal)
    assert expert.get(f"/enterprises/{setting.assigned.uuid}/").status_code == 404


def test_an_expert_taken_off_an_enterprise_loses_its_assessments_too(world: World, setting: Setting) -> None:
    expert = client_for(world.province_a, setting.expert)
    expert.post("/assessments/start/", {"enterprise": str(setting.assigned.uuid)})
    with schema_context(world.province_a.schema_name):
        assessment = Assessment.objects.get(enterprise=setting.assigned)
    assert expert.get(f"/assessments/{assessment.uuid}/fill/header/").status_code == 200
    officer = client_for(world.province_a, world.staff_a)
    removal = {"enterprise": str(setting.assigned.uuid), "expert": str(setting.expert.pk), "remove": "1"}
    officer.post("/assessments/experts/assign/", removal)
    for path in ("fill/header/", "review/", "submit/", ""):
        assert expert.get(f"/assessments/{assessment.uuid}/{path}").status_code == 404, path
