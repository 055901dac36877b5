"""The province site's routes and, for each URL parameter, objects of province A to fill it with:
shared by the tests that walk every page (isolation, bad input)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tenants.utils import schema_context

from accounts.roles import Role
from api.models import ApiKey
from assessments.modelfile import model_file_path, model_file_read
from assessments.models import Assessment, AssessmentImport, Invitation, SignupRequest
from assessments.services.invitations import token_hash, wave_create
from assessments.services.lifecycle import assessment_start
from assessments.services.versions import model_version_copy, model_version_load
from campaigns.models import (
    Activity,
    ActivityDocument,
    Agency,
    AttendanceSheet,
    CourseSignup,
    Participant,
    Plan,
    Provider,
    Target,
    Task,
    TaskUpdate,
)
from core.models import Job
from core.services import audit_record
from enterprises.models import Enterprise, ImportBatch
from enterprises.services import enterprise_save
from reporting.yearly.models import ReportVersion, YearlyReport
from tests.conftest import World
from tests.factories import UserFactory

PARAM = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
UNROUTABLE = {"i18n/setlang/", "healthz/worker"}  # a redirect; a Celery ping with no tenant data
# Pages for visitors who are not logged in: they may answer 200, but never with a province's data.
# "" is the province's public page (its own province's name, the programme, coming courses).
ANONYMOUS = re.compile(
    r"^($|accounts/(login|logout|password-reset|reset|invite)/|healthz|api/v1/schema/|api/docs/|assessments/invitations/|assessments/signup/|verify/|honours/)"
)


def tenant_routes() -> Iterator[str]:
    """Every route of the province site, as a template like 'accounts/users/<uuid:user_id>/'."""

    def walk(patterns: list[Any], prefix: str) -> Iterator[str]:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                yield route

    yield from (
        route for route in walk(get_resolver("dbi_portal.urls_tenant").url_patterns, "") if route not in UNROUTABLE
    )


def urls(route: str, samples: dict[str, list[str]]) -> Iterator[tuple[str, str]]:
    """Every URL of `route` with its parameters filled from province A's samples."""
    names = [match.group("name") for match in PARAM.finditer(route)]
    missing = [name for name in names if name not in samples]
    assert not missing, f"{route}: add province A samples for {missing} to the `a_samples` fixture"
    if not names:
        yield "/" + route, ""
        return
    # One parameter varies at a time; the others take their first sample.
    for name in names:
        for value in samples[name]:
            chosen = {other: samples[other][0] for other in names} | {name: value}
            url = PARAM.sub(lambda match: chosen[match.group("name")], route)  # noqa: B023
            yield "/" + url, value


@pytest.fixture
def a_samples(world: World, db: None) -> dict[str, list[str]]:
    """For every URL parameter of the province site, values that name province A's objects."""
    with schema_context(world.province_a.schema_name):
        job = Job.objects.create(kind="audit_export", created_by=world.admin_a)
        audit_record(actor=world.admin_a, action="test.marker", obj=world.staff_a)
        token = default_token_generator.make_token(world.staff_a)
        enterprise = enterprise_save(
            enterprise=Enterprise(tax_code="0100109106", name="Công ty Đồng Nai Thử"), user=world.admin_a
        )
        batch = ImportBatch.objects.create(file="imports/x.xlsx", filename="Đồng Nai.xlsx", uploaded_by=world.admin_a)
        # A model only province A has (its title names the province), published and as a draft.
        definition = model_file_read(model_file_path("qd1970-sme"))
        definition |= {"key": "dong-nai-rieng", "title": {"vi": "Bộ chỉ số riêng Đồng Nai", "en": "Đồng Nai's own"}}
        published, _created = model_version_load(definition=definition)
        draft = model_version_copy(version=published, user=world.admin_a)
        assessment = assessment_start(enterprise=enterprise, user=world.admin_a, kind="expert")
        assessment.respondent_name = "Lê Văn Cán"
        assessment.save()
        certified = Assessment.objects.create(
            enterprise=enterprise,
            version=published,
            state="validated",
            certificate_code="DNAI2-CERT3",
            overall_level=2,
            validated_at=timezone.now(),
            submitted_at=timezone.now(),
            part_d={"support": ["D5"]},  # the demand page lists it
        )
        wave = wave_create(
            name="Đợt Đồng Nai", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31), filters={}, user=world.admin_a
        )
        invitation_token = "dong-nai-invitation-secret"
        Invitation.objects.create(
            enterprise=enterprise, wave=wave, email="moi@dong-nai.vn", token_hash=token_hash(invitation_token)
        )
        applicant = UserFactory.create(email="dangky@dong-nai.vn", full_name="Người Đồng Nai", role=Role.ENTERPRISE)
        signup = SignupRequest.objects.create(user=applicant, tax_code="0100233583", name="Công ty Đồng Nai Đăng Ký")
        agency = Agency.objects.create(key="hiep-hoi", name="Hiệp hội Doanh nghiệp Đồng Nai", kind="association")
        plan = Plan.objects.create(number="133/KH-UBND", title="Kế hoạch Đồng Nai", start_year=2022, end_year=2025)
        activity = Activity.objects.create(
            kind="training", title="Tập huấn Đồng Nai", organiser=agency, starts_on=date(2026, 3, 1),
            ends_on=date(2026, 3, 1),
        )  # fmt: skip
        participant = Participant.objects.create(
            activity=activity, enterprise=enterprise, person_name="Lê Văn Cán", person_key="le van can"
        )
        course_signup = CourseSignup.objects.create(
            activity=activity, enterprise=enterprise, person_name="Lê Văn Cán", person_key="le van can",
            phone="0912345678",
        )  # fmt: skip
        sheet = AttendanceSheet.objects.create(activity=activity, file="attendance/x.xlsx", filename="Đồng Nai.xlsx")
        survey = AssessmentImport.objects.create(
            version=published, file="assessment-imports/x.xlsx", filename="Khảo sát Đồng Nai.xlsx",
            state="submitted", source="Đồng Nai", report={"summary": {"created": 1}, "rows": []},
        )  # fmt: skip
        task = Task.objects.create(plan=plan, number="1", title="Nhiệm vụ Đồng Nai", lead=agency)
        provider = Provider.objects.create(name="Công ty Giải pháp Đồng Nai")
        document = ActivityDocument.objects.create(activity=activity, title="Đồng Nai", file="activity-documents/x.pdf")
        target = Target.objects.create(task=task, unit="courses_held", minimum=5, maximum=5, text="Đồng Nai 5 lớp")
        update = TaskUpdate.objects.create(
            task=task, agency=agency, year=2026, progress=50, narrative="Đồng Nai", attachment="task-updates/x.pdf"
        )
        report = YearlyReport.objects.create(
            year=2026, period_start=date(2026, 1, 1), period_end=date(2026, 12, 31), place="Đồng Nai",
            subject="Báo cáo Đồng Nai", addressees="Bộ", recipients="Lưu",
        )  # fmt: skip
        report_version = ReportVersion.objects.create(
            report=report, number=1, pdf="reports/x.pdf", annex="reports/x.xlsx", snapshot={"province": "Đồng Nai"}
        )
        api_key = ApiKey.objects.create(
            name="Đồng Nai bảng tin", prefix="abcd1234", key_hash="0" * 64, scope="registry"
        )
    return {
        "key_uuid": [str(api_key.uuid)],
        "report_uuid": [str(report.uuid)],
        "report_version_uuid": [str(report_version.uuid)],
        "plan_uuid": [str(plan.uuid)],
        "activity_uuid": [str(activity.uuid)],
        "participant_uuid": [str(participant.uuid)],
        "course_signup_uuid": [str(course_signup.uuid)],
        "sheet_uuid": [str(sheet.uuid)],
        "task_uuid": [str(task.uuid)],
        "agency_uuid": [str(agency.uuid)],
        "document_uuid": [str(document.uuid)],
        "provider_uuid": [str(provider.uuid)],
        "target_uuid": [str(target.uuid)],
        "update_uuid": [str(update.uuid)],
        "signup_uuid": [str(signup.uuid)],
        "wave_uuid": [str(wave.uuid)],
        "assessment_uuid": [str(assessment.uuid)],
        "step": ["header", "p1"],
        "chart": ["levels", "sectors"],
        "variant": ["wide", "phone"],
        "version_uuid": [str(published.uuid), str(draft.uuid)],
        "code": ["1.1.1", "1.1.3", str(certified.certificate_code)],
        "key": ["dong-nai-rieng"],
        "enterprise_uuid": [str(enterprise.uuid)],
        "batch_uuid": [str(batch.uuid)],
        "import_uuid": [str(survey.uuid)],
        "user_id": [str(world.admin_a.pk), str(world.staff_a.pk)],
        "job_uuid": [str(job.uuid)],
        "uidb64": [urlsafe_base64_encode(force_bytes(world.staff_a.pk))],
        "token": [token, invitation_token],
    }
