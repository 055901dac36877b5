"""A report job shows one status, and once finished links the version's lasting files."""

from __future__ import annotations

import re
from typing import Any

from django_tenants.utils import schema_context

from core.models import Job, JobStatus
from reporting.yearly.models import ReportVersion, YearlyReport
from tests.conftest import World, client_for
from tests.reporting.yearly.test_reports import report  # noqa: F401  (the report of 2026)


def test_a_running_report_job_shows_its_step_once(world: World, report: YearlyReport) -> None:  # noqa: F811
    with schema_context(world.province_a.schema_name):
        Job.objects.create(
            kind="yearly_report", status=JobStatus.RUNNING, progress=40, message="Đang vẽ tệp PDF",
            created_by=world.staff_a, params={"report": report.pk},
        )  # fmt: skip
    page = client_for(world.province_a, world.staff_a).get(f"/reports/{report.uuid}/").text
    assert re.findall(r'data-testid="job-state">([^<]*)<', page) == ["Đang vẽ tệp PDF…"]
    assert "40%" in page


def test_a_finished_report_job_says_finished_and_links_the_versions_files(
    world: World,
    report: YearlyReport,  # noqa: F811
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = client_for(world.province_a, world.staff_a)
    with django_capture_on_commit_callbacks(execute=True):  # the job runs in-process in tests
        response = client.post(f"/reports/{report.uuid}/generate/")
    page = client.get(response["Location"]).text
    with schema_context(world.province_a.schema_name):
        version = ReportVersion.objects.get(report=report)
        job = Job.objects.get(kind="yearly_report")
    assert "Đang tạo tệp PDF" not in page  # no banner that outlives the job
    assert re.findall(r'data-testid="job-state">([^<]*)<', page) == ["Hoàn thành"]
    assert "Đang lưu" not in page
    assert "100%" not in page
    links = re.search(r'data-testid="job-links">(.*?)</p>', page, re.S)
    assert links is not None
    assert f'href="/reports/versions/{version.uuid}/pdf/"' in links.group(1)
    assert f'href="/reports/versions/{version.uuid}/annex/"' in links.group(1)
    assert f"/jobs/{job.uuid}/download/" not in page  # the lasting files, not the expiring copy
    assert f'href="/reports/versions/{version.uuid}/pdf/"' in client.get(f"/jobs/{job.uuid}/").text
