"""The three demo provinces, taken from the provincial plans in shared/seeds.

Kept here as data (not read from shared/ at run time) so `make run` works in any clone. The
department is today's (Sở KH&CN, after the 2025 merger); the plans name Sở TT&TT.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from tenants.models import Province, UnitType

DEMO_PASSWORD = "dbi-demo-2026"


@contextmanager
def demo_password_hashed_once() -> Iterator[None]:
    """Every demo account has the same, published password: hash it once for the whole seed rather than
    once per account (PBKDF2 takes a third of a second, some thirty accounts). Other passwords as usual."""
    from django.contrib.auth.hashers import make_password

    from accounts.models import User

    hashed = make_password(DEMO_PASSWORD)
    usual = User.set_password

    def set_password(user: User, raw_password: str | None) -> None:
        if raw_password != DEMO_PASSWORD:
            usual(user, raw_password)
            return
        user.password = hashed
        user._password = raw_password  # type: ignore[attr-defined]

    User.set_password = set_password  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        User.set_password = usual  # type: ignore[method-assign]


@dataclass(frozen=True)
class DemoProvince:
    name: str
    slug: str
    code: str
    unit_type: str
    plan_number: str
    plan_date: date | None
    plan_title: str
    agency_report: tuple[int, int] | None
    ministry_report: tuple[int, int] | None
    # Sizes differ so that the national rollup compares provinces that are not copies of each other.
    enterprises: int = 3000
    assessments: int = 400
    # Who issues the yearly report: Đồng Nai's plan (133/KH-UBND IV.2.g, IV.8) has the department
    # draft it for the provincial People's Committee to send.
    report_issuer: str = "department"


DEMO_PROVINCES = [
    DemoProvince(
        name="Đồng Nai",
        slug="dong-nai",
        code="75",
        # Reported to have become a centrally-governed city in 2026; the unit type is editable data.
        unit_type=UnitType.CITY,
        plan_number="133/KH-UBND",
        plan_date=date(2022, 6, 10),
        plan_title=(
            "Kế hoạch triển khai Chương trình xác định chỉ số đánh giá mức độ chuyển đổi số doanh nghiệp "
            "và hỗ trợ thúc đẩy doanh nghiệp chuyển đổi số trên địa bàn tỉnh Đồng Nai"
        ),
        agency_report=(15, 11),
        ministry_report=None,
        enterprises=3600,
        assessments=480,
        report_issuer="committee",
    ),
    DemoProvince(
        name="Thanh Hóa",
        slug="thanh-hoa",
        code="38",
        unit_type=UnitType.PROVINCE,
        plan_number="CTr-UBND",  # the published copy leaves the number blank
        plan_date=None,
        plan_title=(
            "Chương trình xác định Chỉ số đánh giá mức độ chuyển đổi số doanh nghiệp và hỗ trợ thúc đẩy "
            "doanh nghiệp chuyển đổi số trên địa bàn tỉnh Thanh Hóa (2022)"
        ),
        agency_report=None,
        ministry_report=None,
    ),
    DemoProvince(
        name="Đắk Lắk",
        slug="dak-lak",
        code="66",
        unit_type=UnitType.PROVINCE,
        plan_number="KH-UBND",  # the published copy leaves the number blank (4/2022)
        plan_date=None,
        plan_title=(
            "Kế hoạch triển khai Đề án xác định Chỉ số đánh giá mức độ chuyển đổi số doanh nghiệp và hỗ "
            "trợ doanh nghiệp chuyển đổi số (4/2022)"
        ),
        agency_report=(5, 12),
        ministry_report=(15, 12),
        enterprises=2400,
        assessments=320,
    ),
]

# One demo account per role in every province: <role>@<slug>.localhost.
DEMO_ROLE_USERS = {
    "province_staff": "Nguyễn Văn Bình",
    "expert": "Trần Thị Hường",
    "association": "Hiệp hội Doanh nghiệp",
    "enterprise": "Công ty TNHH Minh Phát",
}

# The yearly report's defaults each demo province starts with (the signer's name is invented).
UNITS: dict[str, str] = {UnitType.PROVINCE: "tỉnh", UnitType.CITY: "thành phố"}  # as written inside a sentence
DEMO_SIGNERS = {"dong-nai": "Nguyễn Văn Hùng", "thanh-hoa": "Lê Thị Thu Hà", "dak-lak": "Trần Minh Quang"}


def demo_province_settings_ensure(province: Province) -> None:
    """Fill the report's defaults of a demo province once; what an administrator changed stays."""
    if province.report_signature:
        return
    Province.objects.filter(pk=province.pk).update(
        report_signature="KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
        report_signer_name=DEMO_SIGNERS.get(province.slug, ""),
        report_addressees=f"Bộ Khoa học và Công nghệ\nỦy ban nhân dân {UNITS[province.unit_type]} {province.name}",
        report_recipients=(
            "Như trên\nBộ Khoa học và Công nghệ (Vụ Kinh tế và Xã hội số)\nUBND tỉnh (để báo cáo)\n"
            "Sở Tài chính\nGiám đốc, các Phó Giám đốc Sở\nLưu: VT, QLCN"
        ),
    )
