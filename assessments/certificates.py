"""The certificate of a validated DBI level: a plain context, rendered to an A4 PDF by WeasyPrint in
a job (views never call WeasyPrint), with a QR code to the province's public verification page."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import segno
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from assessments.models import Assessment, AssessmentState
from core.errors import ApplicationError
from core.models import Job, JobStatus
from core.services import ProgressCallback, job_runner, job_start
from tenants.selectors import current_province

if TYPE_CHECKING:
    from accounts.models import User

# No 0/O or 1/I: the code is read from paper and typed.
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


@dataclass(frozen=True)
class CertificateContext:
    province: str
    department: str
    enterprise: str
    tax_code: str
    level: int
    level_name: str
    total: int
    max_points: int
    model_title: str
    model_version: int
    validated_on: date
    code: str
    verify_url: str
    qr_svg: str


def certificate_code_new() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def certificate_context(assessment: Assessment, *, base_url: str) -> CertificateContext:

    province = current_province()
    definition = assessment.version.definition
    level = assessment.overall_level or 0
    verify_url = base_url.rstrip("/") + reverse("verify", kwargs={"code": assessment.certificate_code})
    qr = segno.make(verify_url, error="m")
    return CertificateContext(
        province=province.full_name,
        department=province.department_name,
        enterprise=assessment.enterprise.name,
        tax_code=assessment.enterprise.tax_code,
        level=level,
        level_name=definition["levels"][level]["name"]["vi"],
        total=assessment.total or 0,
        max_points=definition["max_points"],
        model_title=definition["title"]["vi"],
        model_version=assessment.version.number,
        validated_on=timezone.localdate(assessment.validated_at) if assessment.validated_at else timezone.localdate(),
        code=assessment.certificate_code or "",
        verify_url=verify_url,
        qr_svg=qr.svg_data_uri(scale=4, border=1),
    )


def certificate_issue(*, assessment: Assessment, user: User, base_url: str) -> Job:
    """Give a validated assessment its verification code and build its PDF in a job."""
    if assessment.state != AssessmentState.VALIDATED:
        raise ApplicationError(_("Only a validated assessment has a certificate."))
    with transaction.atomic():
        if not assessment.certificate_code:
            assessment.certificate_code = certificate_code_new()
            assessment.save(update_fields=["certificate_code"])
        return job_start(
            kind="certificate_pdf",
            user=user,
            params={"assessment": assessment.pk, "base_url": base_url},
        )


def certificate_on_demand(*, assessment: Assessment, user: User, base_url: str) -> Job:
    """The job building a validated result's missing PDF for this user: the one already under way
    (a second click must not queue a second build), or a new one."""
    running = Job.objects.filter(
        kind="certificate_pdf",
        created_by=user,
        params__assessment=assessment.pk,
        status__in=(JobStatus.PENDING, JobStatus.RUNNING),
    ).first()
    return running or certificate_issue(assessment=assessment, user=user, base_url=base_url)


@job_runner("certificate_pdf")
def certificate_pdf(job: Job, progress: ProgressCallback) -> tuple[str, bytes]:
    from weasyprint import HTML

    assessment = (
        Assessment.objects.select_related("enterprise", "version")
        .defer("version__content")
        .get(pk=job.params["assessment"])
    )
    context = certificate_context(assessment, base_url=job.params["base_url"])
    progress(30, "")
    with translation.override("vi"):  # an official document, in Vietnamese
        html = render_to_string("assessments/certificate.html", {"c": context})
    pdf: bytes = HTML(string=html).write_pdf()
    filename = f"chung-nhan-dbi-{context.tax_code}.pdf"
    assessment.certificate_file.save(filename, ContentFile(pdf), save=False)
    assessment.save(update_fields=["certificate_file"])
    return filename, pdf
