"""Demo yearly reports: last year's submitted, this year's a draft with one generated version."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.utils import timezone

from reporting.yearly.layout import number_symbol
from reporting.yearly.models import YearlyReport
from reporting.yearly.services import report_start, report_submit, version_build
from tenants.selectors import current_province

if TYPE_CHECKING:
    from accounts.models import User

OVERALL = (
    "Năm {year}, {who} phối hợp với các sở, ngành, hiệp hội doanh nghiệp triển khai các nhiệm vụ hỗ trợ doanh "
    "nghiệp chuyển đổi số theo kế hoạch của Ủy ban nhân dân {where}: tổ chức đánh giá mức độ chuyển đổi số, đào tạo, "
    "hội thảo, truyền thông và kết nối doanh nghiệp với các nhà cung cấp giải pháp.\n"
    "Số liệu chi tiết tại Mục 3 và Phụ lục kèm theo."
)
DIFFICULTIES = (
    "Nhiều doanh nghiệp siêu nhỏ chưa quan tâm đến chuyển đổi số; kinh phí hỗ trợ còn hạn chế; nguồn nhân lực "
    "số của doanh nghiệp còn thiếu."
)
PROPOSALS = (
    "Đề nghị Bộ Khoa học và Công nghệ tiếp tục hướng dẫn, cung cấp nền tảng số dùng chung và tài liệu đào tạo "
    "cho doanh nghiệp nhỏ và vừa."
)

DIRECTION = (
    "Năm {next_year}, tiếp tục hướng dẫn doanh nghiệp tự đánh giá mức độ chuyển đổi số trên Cổng và mở rộng "
    "đánh giá có chuyên gia hỗ trợ cho doanh nghiệp nhỏ và vừa.\n"
    "Tổ chức các khóa đào tạo, hội thảo theo nhu cầu doanh nghiệp nêu trong phiếu đánh giá; đẩy mạnh kết nối "
    "doanh nghiệp với các nhà cung cấp giải pháp số và tôn vinh doanh nghiệp điển hình về chuyển đổi số."
)


def demo_reports_ensure(*, admin: User, staff: User, issuer: str = "department", today: date | None = None) -> int:
    """Returns the versions generated (0 when the demo reports exist). Last year's report is dated
    10 December; this year's draft is left undated (printed with the day it is generated)."""
    today = today or timezone.localdate()
    built = 0
    for year, submit in ((today.year - 1, True), (today.year, False)):
        if YearlyReport.objects.filter(year=year, former_province="", versions__isnull=False).exists():
            continue
        report = report_start(year=year, user=staff, issuer=issuer)
        province = current_province()
        who = (
            f"Ủy ban nhân dân {province.full_name_in_sentence} đã chỉ đạo {province.department_name}"
            if issuer == "committee"
            else "Sở đã"
        )
        report.overall = OVERALL.format(year=year, who=who, where=province.full_name_in_sentence)
        report.difficulties = DIFFICULTIES
        report.proposals = PROPOSALS
        report.direction = DIRECTION.format(next_year=year + 1)
        report.signer_name = "Nguyễn Văn An"
        if submit:
            report.number = f"{40 + year % 100}/{number_symbol(province, issuer)}"
            report.document_date = date(year, 12, 10)
        report.save()
        version = version_build(report=report, user=staff, today=today)
        built += 1
        if submit:
            report_submit(version=version, user=admin)
    return built
