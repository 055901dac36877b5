"""An enterprise fills the form step by step, submits and sees its result; staff validate or return.

Three actors: the enterprise's own account, another enterprise's account, and the department.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.models import User
from accounts.roles import Role
from assessments.forms_fill import form_steps
from assessments.models import Assessment, AssessmentEvent, AssessmentState
from assessments.selectors import model_version_published
from assessments.services.lifecycle import assessment_save_step, assessment_start
from core.errors import ApplicationError
from core.models import AuditEntry
from enterprises.models import Enterprise, EnterpriseAccount
from enterprises.services import enterprise_save
from tests.assessments.conftest import fill_everything, step_data
from tests.conftest import World, client_for
from tests.factories import UserFactory


@dataclass
class Actors:
    enterprise: Enterprise
    owner: User
    other_owner: User


@pytest.fixture
def actors(world: World, db: None) -> Actors:
    with schema_context(world.province_a.schema_name):
        mine = enterprise_save(
            enterprise=Enterprise(tax_code="0100109106", name="Công ty TNHH Minh Phát", main_sector="6201"),
            user=world.admin_a,
        )
        other = enterprise_save(enterprise=Enterprise(tax_code="0100233583", name="Công ty Khác"), user=world.admin_a)
        owner = UserFactory.create(email="giamdoc@minhphat.vn", full_name="Phạm Thị Lan", role=Role.ENTERPRISE)
        other_owner = UserFactory.create(email="giamdoc@khac.vn", role=Role.ENTERPRISE)
        EnterpriseAccount.objects.create(user=owner, enterprise=mine)
        EnterpriseAccount.objects.create(user=other_owner, enterprise=other)
    return Actors(mine, owner, other_owner)


def test_an_enterprise_fills_submits_and_sees_its_result_at_once(world: World, actors: Actors) -> None:
    client = client_for(world.province_a, actors.owner)
    assert client.get("/").url == "/assessments/mine/"  # type: ignore[attr-defined]
    response = client.post("/assessments/start/")
    assert response.status_code == 302
    with schema_context(world.province_a.schema_name):
        assessment = Assessment.objects.get(enterprise=actors.enterprise)
        definition = assessment.version.definition
    fill_everything(client, assessment, definition)
    page = client.get(f"/assessments/{assessment.uuid}/submit/")
    assert "Đã trả lời 60/60 tiêu chí." in page.text
    response = client.post(f"/assessments/{assessment.uuid}/submit/")
    assert response.url == f"/assessments/{assessment.uuid}/"  # type: ignore[attr-defined]
    result = client.get(response.url)  # type: ignore[attr-defined]
    assert result.status_code == 200
    with schema_context(world.province_a.schema_name):
        assessment.refresh_from_db()
        assert assessment.state == AssessmentState.SUBMITTED
        assert assessment.part_c == ["C1", "C3"]
        assert assessment.part_d == {"support": ["D4"], "answers": {"D7": "Cần tư vấn ERP"}}
        assert AssessmentEvent.objects.filter(assessment=assessment, action="submit").exists()
        assert AuditEntry.objects.filter(action="assessment.submit").exists()
    # Option 3 everywhere, ratios at 50 %: every pillar lands in the middle.
    assert assessment.total is not None
    assert assessment.overall_level is not None
    assert f"Mức {assessment.overall_level}: " in result.text
    assert f"{assessment.total}/320 điểm" in result.text
    assert "Việc nên làm tiếp" in result.text
    assert 'src="data:image/svg+xml;base64,' in result.text
    # The answers are frozen now.
    again = client.post(f"/assessments/{assessment.uuid}/fill/p1/", step_data(definition, "p1", 5) | {"go": "next"})
    assert again.url == f"/assessments/{assessment.uuid}/"  # type: ignore[attr-defined]
    step = form_steps(definition)[1]
    with schema_context(world.province_a.schema_name), pytest.raises(ApplicationError):
        assessment_save_step(assessment=assessment, step=step, values={"1.1.1": 5})


def test_submit_is_refused_while_criteria_are_unanswered_and_says_which(world: World, actors: Actors) -> None:
    client = client_for(world.province_a, actors.owner)
    client.post("/assessments/start/")
    with schema_context(world.province_a.schema_name):
        assessment = Assessment.objects.get(enterprise=actors.enterprise)
        definition = assessment.version.definition
    client.post(f"/assessments/{assessment.uuid}/fill/p2/", step_data(definition, "p2") | {"go": "next"})
    page = client.get(f"/assessments/{assessment.uuid}/submit/")
    assert "1.1.1" in page.text
    assert "2.1.1" not in page.text
    response = client.post(f"/assessments/{assessment.uuid}/submit/", follow=True)
    assert "tiêu chí chưa được trả lời" in response.text
    with schema_context(world.province_a.schema_name):
        assert Assessment.objects.get(pk=assessment.pk).state == AssessmentState.DRAFT


def test_a_gate_answered_no_is_an_answer_and_yes_needs_an_option(world: World, actors: Actors) -> None:
    client = client_for(world.province_a, actors.owner)
    client.post("/assessments/start/")
    with schema_context(world.province_a.schema_name):
        assessment = Assessment.objects.get(enterprise=actors.enterprise)
    url = f"/assessments/{assessment.uuid}/fill/p1/"
    response = client.post(url, {"g_1_1_1": "yes", "go": "next"})
    assert response.status_code == 200
    assert "Hãy chọn phương án phù hợp nhất" in response.text
    assert client.post(url, {"g_1_1_1": "no", "o_1_1_1": "4", "go": "next"}).status_code == 302
    response = client.post(url, {"n_1_1_3": "30", "d_1_1_3": "10", "go": "next"})
    assert "Tử số không được lớn hơn mẫu số" in response.text
    with schema_context(world.province_a.schema_name):
        assert Assessment.objects.get(pk=assessment.pk).answers == {"1.1.1": 0}


def test_autosave_keeps_complete_answers_and_reveals_the_graded_question(world: World, actors: Actors) -> None:
    client = client_for(world.province_a, actors.owner)
    client.post("/assessments/start/")
    with schema_context(world.province_a.schema_name):
        assessment = Assessment.objects.get(enterprise=actors.enterprise)
    url = f"/assessments/{assessment.uuid}/fill/p1/autosave/"
    response = client.post(url, {"g_1_1_1": "yes", "n_1_1_3": "3"}, HTTP_HX_REQUEST="true")
    assert 'id="gate-1_1_1" data-open="yes" hx-swap-oob="true"' in response.text
    assert 'id="gate-1_1_2" data-open="no"' in response.text
    response = client.post(url, {"g_1_1_1": "yes", "o_1_1_1": "2", "n_1_1_3": "3", "d_1_1_3": "4"})
    assert "Đã trả lời 2/60 tiêu chí" in response.text
    with schema_context(world.province_a.schema_name):
        assessment.refresh_from_db()
        assert assessment.answers == {"1.1.1": 2, "1.1.3": {"numerator": 3.0, "denominator": 4.0}}
        assert "p1" in assessment.steps_done


def test_an_enterprise_sees_only_its_own_assessments(world: World, actors: Actors) -> None:
    with schema_context(world.province_a.schema_name):
        assessment = assessment_start(enterprise=actors.enterprise, user=actors.owner)
    other = client_for(world.province_a, actors.other_owner)
    for path in ("", "fill/header/", "submit/"):
        assert other.get(f"/assessments/{assessment.uuid}/{path}").status_code == 404
    assert other.post(f"/assessments/{assessment.uuid}/fill/p1/autosave/", {}).status_code == 404
    assert other.get("/assessments/").status_code == 404  # the province's list is for staff
    assert other.post("/assessments/start/", {"enterprise": str(actors.enterprise.uuid)}).status_code == 404
    # The department reads it (the result page once submitted) but does not fill in its answers.
    officer = client_for(world.province_a, world.staff_a)
    assert officer.get(f"/assessments/{assessment.uuid}/fill/header/").status_code == 404
    assert officer.post(f"/assessments/{assessment.uuid}/fill/p1/autosave/", {"g_1_1_1": "no"}).status_code == 404
    assert "Chưa gửi: đã lưu 0/10 bước" in officer.get(f"/assessments/{assessment.uuid}/").text


def _submitted(world: World, actors: Actors) -> Assessment:
    client = client_for(world.province_a, actors.owner)
    client.post("/assessments/start/")
    with schema_context(world.province_a.schema_name):
        assessment = Assessment.objects.get(enterprise=actors.enterprise)
        definition = model_version_published(key="qd1970-sme").definition
    fill_everything(client, assessment, definition)
    client.post(f"/assessments/{assessment.uuid}/submit/")
    return assessment


def test_staff_validate_a_result_which_then_never_changes(world: World, actors: Actors) -> None:
    assessment = _submitted(world, actors)
    url = f"/assessments/{assessment.uuid}/decide/"
    # Neither the enterprise nor an expert may validate.
    assert client_for(world.province_a, actors.owner).post(url, {"decision": "validate"}).status_code == 404
    officer = client_for(world.province_a, world.staff_a)
    assert officer.post(url, {"decision": "validate"}).status_code == 302
    with schema_context(world.province_a.schema_name):
        assessment.refresh_from_db()
        assert assessment.state == AssessmentState.VALIDATED
        assert assessment.validated_by == world.staff_a
    response = officer.post(url, {"decision": "return", "reason": "Sai số liệu"}, follow=True)
    assert "Chỉ trả lại được" in response.text
    with schema_context(world.province_a.schema_name):
        assert Assessment.objects.get(pk=assessment.pk).state == AssessmentState.VALIDATED
        # A new assessment starts from scratch: the validated one stays as it is.
        fresh = assessment_start(enterprise=actors.enterprise, user=actors.owner)
        assert fresh.pk != assessment.pk


def test_a_returned_assessment_can_be_corrected_and_submitted_again(world: World, actors: Actors) -> None:
    assessment = _submitted(world, actors)
    officer = client_for(world.province_a, world.staff_a)
    url = f"/assessments/{assessment.uuid}/decide/"
    response = officer.post(url, {"decision": "return", "reason": ""}, follow=True)
    assert "Hãy ghi lý do" in response.text
    officer.post(url, {"decision": "return", "reason": "Bổ sung tỷ lệ doanh thu TMĐT"})
    owner = client_for(world.province_a, actors.owner)
    page = owner.get(f"/assessments/{assessment.uuid}/fill/p1/")
    assert "Bổ sung tỷ lệ doanh thu TMĐT" in page.text
    owner.post(f"/assessments/{assessment.uuid}/submit/")
    with schema_context(world.province_a.schema_name):
        assert Assessment.objects.get(pk=assessment.pk).state == AssessmentState.SUBMITTED
        assert list(AssessmentEvent.objects.filter(assessment=assessment).values_list("action", flat=True)) == [
            "submit",
            "return",
            "submit",
        ]


def test_the_registry_filters_on_the_latest_counted_level(world: World, actors: Actors) -> None:
    """Only validated results count (the province's default); the latest one decides."""
    with schema_context(world.province_a.schema_name):
        version = model_version_published(key="qd1970-sme")
        old, new = timezone.now() - timedelta(days=400), timezone.now()
        for level, state, when in ((1, "validated", old), (3, "validated", new)):
            Assessment.objects.create(enterprise=actors.enterprise, version=version, state=state, overall_level=level,
                                      total=100, submitted_at=when)  # fmt: skip
        other = Enterprise.objects.get(tax_code="0100233583")
        Assessment.objects.create(
            enterprise=other, version=version, state="submitted", overall_level=4, submitted_at=new
        )
    officer = client_for(world.province_a, world.staff_a)
    assert "Công ty TNHH Minh Phát" in officer.get("/enterprises/", {"level": "3"}).text
    assert "Công ty TNHH Minh Phát" not in officer.get("/enterprises/", {"level": "1"}).text
    assert "Công ty Khác" not in officer.get("/enterprises/", {"level": "4"}).text  # submitted, not validated
    not_assessed = officer.get("/enterprises/", {"level": "none"}).text
    assert "Công ty Khác" in not_assessed
    assert "Công ty TNHH Minh Phát" not in not_assessed
