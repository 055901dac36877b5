"""Deterministic demo assessments for `seed_demo`: every level, every state, some enterprises
assessed twice, so the result, history, list and peer comparison pages have something to show."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from assessments.models import Assessment, AssessmentKind, AssessmentState
from assessments.scoring import answers_parse, score
from assessments.selectors import model_version_published, scoring_model
from assessments.services.lifecycle import DEFAULT_MODEL
from enterprises.models import Enterprise, EnterpriseAccount

# (state, share of the demo assessments)
STATES = [
    (AssessmentState.VALIDATED, 70),
    (AssessmentState.SUBMITTED, 15),
    (AssessmentState.UNDER_REVIEW, 5),
    (AssessmentState.RETURNED, 4),
    (AssessmentState.DRAFT, 6),
]


def _answers(definition: dict[str, Any], maturity: float, rng: random.Random) -> dict[str, Any]:
    """Answers of an enterprise whose digital maturity is `maturity` (0–1), with some noise."""
    answers: dict[str, Any] = {}
    for pillar in definition["pillars"]:
        lean = min(1.0, max(0.0, maturity + rng.uniform(-0.2, 0.2)))  # pillars differ
        for indicator in pillar["indicators"]:
            for criterion in indicator["criteria"]:
                if criterion["kind"] == "ratio":
                    denominator = rng.randint(5, 200)
                    share = min(1.0, max(0.0, lean * rng.uniform(0.4, 1.3)))
                    answers[criterion["code"]] = {"numerator": round(denominator * share), "denominator": denominator}
                    continue
                if "gate" in criterion and rng.random() > lean + 0.1:
                    answers[criterion["code"]] = 0
                    continue
                count = len(criterion["options"])
                answers[criterion["code"]] = max(1, min(count, round(lean * count + rng.uniform(-1, 1))))
    return answers


def demo_assessments_ensure(*, seed: str, count: int = 400) -> int:
    """Create the province's demo assessments unless some exist; returns how many were created.
    `seed` (the province's slug) gives each province its own, repeatable, answers."""
    if Assessment.objects.exists():
        return 0
    version = model_version_published(key=DEFAULT_MODEL)
    model, definition = scoring_model(version), version.definition
    rng = random.Random(f"dbi-demo-assessments-{seed}-{version.digest[:8]}")
    enterprises = list(Enterprise.objects.filter(archived_at__isnull=True).order_by("id")[: count * 3 // 4])
    if not enterprises:
        return 0
    staff = User.objects.filter(groups__name="province_staff").first()
    barriers = [item["code"] for item in definition["part_c"]]
    support = [item["code"] for item in definition["part_d"]["support"]]
    now = timezone.now()
    rows: list[Assessment] = []
    # A quarter of the enterprises are assessed twice (a year apart, usually a little better).
    picks = [(e, 0) for e in enterprises] + [(e, 1) for e in rng.sample(enterprises, k=len(enterprises) // 3)]
    for enterprise, round_number in picks[:count]:
        # Most enterprises are beginners; a few leaders reach the top level.
        maturity = 1.2 if rng.random() < 0.04 else rng.betavariate(2, 3) + 0.12 * round_number
        answers = _answers(definition, maturity, rng)
        result = score(model, answers_parse(model, answers))
        state = (
            rng.choices([s for s, _w in STATES], weights=[w for _s, w in STATES])[0]
            if round_number
            else (AssessmentState.VALIDATED)
        )
        submitted = now - timedelta(days=rng.randrange(30, 330) + 365 * (1 - round_number))
        assessment = Assessment(
            enterprise=enterprise,
            version=version,
            kind=rng.choice([AssessmentKind.SELF, AssessmentKind.SELF, AssessmentKind.EXPERT]),
            state=state,
            respondent_name=enterprise.legal_representative or "Nguyễn Văn An",
            respondent_position="Giám đốc",
            respondent_email=f"lienhe@{enterprise.tax_code}.example.vn",
            answers=answers,
            part_b={item["code"]: rng.randint(0, 5) for group in definition["part_b"] for item in group["items"]},
            part_c=rng.sample(barriers, k=rng.randint(1, 4)),
            part_d={"support": rng.sample(support, k=rng.randint(0, 3)), "answers": {}},
            steps_done=["header", "p1", "p2", "p3", "p4", "p5", "p6", "b", "c", "d"],
            created_by=staff,
        )
        if state != AssessmentState.DRAFT:
            assessment.result, assessment.total, assessment.overall_level = (
                result.as_json(),
                result.total,
                result.overall_level,
            )
            assessment.submitted_at = submitted
        if state == AssessmentState.VALIDATED:
            assessment.validated_at, assessment.validated_by = submitted + timedelta(days=7), staff
        if state == AssessmentState.RETURNED:
            assessment.returned_reason = "Đề nghị bổ sung số liệu tỷ lệ doanh thu thương mại điện tử."
        rows.append(assessment)
    with transaction.atomic():
        Assessment.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def demo_waves_ensure(*, expert: User, staff: User) -> None:
    """A running wave over 150 enterprises, the demo expert assigned to it and to a few
    enterprises, verification codes on validated results, and a sign-up waiting for approval."""
    from assessments.certificates import certificate_code_new
    from assessments.models import ExpertAssignment, Invitation, SignupRequest, Wave
    from assessments.services.invitations import token_hash

    if Wave.objects.exists():
        return
    today = timezone.localdate()
    rng = random.Random("dbi-demo-programme")
    with transaction.atomic():
        wave = Wave.objects.create(
            name=f"Đợt đánh giá DBI năm {today.year} — nhóm thí điểm",
            starts_on=today - timedelta(days=30),
            ends_on=today + timedelta(days=60),
            filters={},
            created_by=staff,
        )
        listed = list(Enterprise.objects.filter(assessments__isnull=False, archived_at__isnull=True).distinct()[:150])
        Invitation.objects.bulk_create(
            Invitation(
                wave=wave,
                enterprise=enterprise,
                email=f"lienhe@{enterprise.tax_code}.example.vn",
                token_hash=token_hash(f"demo-{enterprise.tax_code}-{rng.random()}"),
                created_by=staff,
                sent_at=timezone.now() - timedelta(days=30),
            )
            for enterprise in listed
        )
        # The demo wave gathers the listed enterprises' assessments of the past year.
        recent = Assessment.objects.filter(
            enterprise__in=listed, submitted_at__gte=timezone.now() - timedelta(days=365)
        )
        recent.update(wave=wave)
        ExpertAssignment.objects.create(expert=expert, wave=wave, created_by=staff)
        for enterprise in Enterprise.objects.filter(assessments__state=AssessmentState.SUBMITTED).distinct()[:5]:
            ExpertAssignment.objects.get_or_create(expert=expert, enterprise=enterprise, defaults={"created_by": staff})
        _demo_reviews(expert)
        for assessment in Assessment.objects.filter(state=AssessmentState.VALIDATED, certificate_code__isnull=True):
            assessment.certificate_code = certificate_code_new()
            assessment.save(update_fields=["certificate_code"])
        applicant = User.objects.create_user(f"dangky@{rng.randrange(10**6)}.example.vn", None, full_name="Đỗ Thị Thu")
        applicant.groups.set(staff.groups.model.objects.filter(name="enterprise"))
        known = Enterprise.objects.order_by("-id").first()
        SignupRequest.objects.create(
            user=applicant, tax_code=known.tax_code if known else "0100109106", name="Công ty đăng ký qua cổng"
        )


def demo_enterprise_account_ensure(*, user: User) -> None:
    """The demo enterprise login acts for the first demo enterprise."""
    enterprise = Enterprise.objects.order_by("id").first()
    if enterprise is not None:
        EnterpriseAccount.objects.get_or_create(user=user, defaults={"enterprise": enterprise})


def _demo_reviews(expert: User) -> None:
    """Three results the demo expert reviewed through the real services, each with one answer
    changed and its reason, so the department's page shows the evidence it decides on: two
    recommended for validation, one for return."""
    from assessments.models import ReviewRecommendation
    from assessments.services.lifecycle import assessment_adjust, assessment_review_accept, assessment_review_start

    submitted = Assessment.objects.filter(
        state=AssessmentState.SUBMITTED, enterprise__expert_assignments__expert=expert
    ).order_by("id")[:3]
    for index, assessment in enumerate(submitted):
        assessment_review_start(assessment=assessment, user=expert)
        code, value = next(
            (code, value)
            for code, value in sorted(assessment.answers.items())
            if isinstance(value, int) and not isinstance(value, bool) and value >= 2
        )
        assessment_adjust(
            assessment=assessment,
            code=code,
            value=value - 1,
            comment="Hồ sơ minh chứng chỉ cho thấy mức thấp hơn mức doanh nghiệp tự chấm.",
            user=expert,
        )
        returned = index == 2
        assessment_review_accept(
            assessment=assessment,
            user=expert,
            recommendation=ReviewRecommendation.RETURN if returned else ReviewRecommendation.VALIDATE,
            note="Đề nghị doanh nghiệp bổ sung minh chứng về hóa đơn điện tử." if returned else "",
        )
