"""Deterministic demo enterprises for `seed_demo`: the same few thousand per province every run."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import DateTimeField, Value
from django.db.models.functions import Cast, Greatest
from django.utils import timezone

from enterprises.models import Association, Enterprise, EnterpriseStatus, LegalForm
from enterprises.services import enterprise_derive
from enterprises.taxcode import check_digit
from reference.models import VsicCode, Ward

# Tax-office prefixes of the demo provinces (the first digits of locally registered codes).
TAX_PREFIX = {"75": "36", "38": "28", "66": "60"}
FORMS = [
    (LegalForm.LLC_SINGLE, "Công ty TNHH MTV"),
    (LegalForm.LLC_MULTI, "Công ty TNHH"),
    (LegalForm.JOINT_STOCK, "Công ty Cổ phần"),
    (LegalForm.PRIVATE, "Doanh nghiệp tư nhân"),
    (LegalForm.COOPERATIVE, "Hợp tác xã"),
]
WORDS = [
    "An",
    "Phát",
    "Thịnh",
    "Hưng",
    "Minh",
    "Long",
    "Thành",
    "Đạt",
    "Phú",
    "Quý",
    "Tân",
    "Việt",
    "Hòa",
    "Bình",
    "Sao",
    "Mai",
    "Hoàng",
    "Gia",
    "Nam",
    "Bắc",
    "Đông",
    "Tây",
    "Trường",
    "Sơn",
    "Thái",
    "Dương",
    "Kim",
    "Ngân",
    "Bảo",
    "Châu",
    "Hồng",
    "Hà",
    "Lộc",
    "Phúc",
    "Tiến",
    "Cường",
    "Vạn",
    "Xuân",
    "Đại",
    "Lợi",
    "Khang",
    "Ninh",
]
TRADES = [
    "Thương mại",
    "Xây dựng",
    "Sản xuất",
    "Dịch vụ",
    "Nông sản",
    "Công nghệ",
    "Vận tải",
    "Gỗ",
    "Dệt may",
    "Thực phẩm",
]
ASSOCIATIONS = ["Hiệp hội Doanh nghiệp tỉnh", "Hội Doanh nhân trẻ", "Hiệp hội Gỗ và Lâm sản", "Hội Nữ doanh nhân"]


def demo_tax_codes(prefix: str) -> Iterator[str]:
    """Valid 10-digit tax codes starting with `prefix`, the same sequence every time."""
    number = 0
    while True:
        number += 1
        first_nine = f"{prefix}{number * 7919 % 10**7:07d}"
        digit = check_digit(first_nine)
        if digit is not None:
            yield f"{first_nine}{digit}"


def demo_enterprises_ensure(*, province_code: str, count: int = 3000) -> int:
    """Create the province's demo enterprises unless they exist; returns how many were created."""
    if Enterprise.objects.exists():
        return 0
    rng = random.Random(f"dbi-demo-{province_code}")
    associations = [Association.objects.get_or_create(name=name)[0] for name in ASSOCIATIONS]
    wards = list(Ward.objects.filter(province__code=province_code).values_list("id", flat=True))
    codes = list(VsicCode.objects.filter(edition="2025", level=4).values_list("code", "section"))
    sections = {("2025", code): section for code, section in codes}
    enterprises: list[Enterprise] = []
    for tax_code in itertools.islice(demo_tax_codes(TAX_PREFIX.get(province_code, "01")), count):
        form, label = rng.choice(FORMS)
        name = f"{label} {rng.choice(TRADES)} {rng.choice(WORDS)} {rng.choice(WORDS)}"
        headcount = int(rng.lognormvariate(2.3, 1.2))
        enterprise = Enterprise(
            tax_code=tax_code,
            tax_code_kind="enterprise",
            name=name,
            legal_form=form,
            founded_on=date(2000, 1, 1) + timedelta(days=rng.randrange(9700)),  # until July 2026
            status=rng.choices(list(EnterpriseStatus.values), weights=[90, 6, 4])[0],
            vsic_edition="2025",
            main_sector=rng.choice(codes)[0],
            headcount=headcount,
            revenue=Decimal(str(round(headcount * rng.uniform(0.2, 2.5), 1))),
            capital=Decimal(str(round(headcount * rng.uniform(0.1, 1.5), 1))),
            ward_id=rng.choice(wards) if wards else None,
            street_address=f"{rng.randrange(1, 500)} đường {rng.choice(WORDS)} {rng.choice(WORDS)}",
            phone=f"0{rng.randrange(200, 299)} {rng.randrange(1000000, 9999999)}",
            tags=rng.sample(["xuất khẩu", "OCOP", "khởi nghiệp", "làng nghề"], k=rng.choice([0, 0, 1])),
        )
        enterprise_derive(enterprise, sections=sections)
        enterprises.append(enterprise)
    for duplicate in _entered_twice(enterprises, rng):
        enterprise_derive(duplicate, sections=sections)
        enterprises.append(duplicate)
    with transaction.atomic():  # all or nothing: the exists() guard above must mean "complete"
        Enterprise.objects.bulk_create(enterprises, batch_size=1000)
        through = Enterprise.associations.through
        links = [
            through(enterprise_id=enterprise.pk, association_id=rng.choice(associations).pk)
            for enterprise in Enterprise.objects.only("pk").order_by("pk")
            if rng.random() < 0.3
        ]
        through.objects.bulk_create(links, batch_size=2000)
        # The registry was loaded in March 2023 and has grown since: each enterprise entered it then,
        # or when it was founded (created_at is auto_now_add, so it is set after the insert).
        loaded = datetime(2023, 3, 1, 9, tzinfo=timezone.get_current_timezone())
        Enterprise.objects.update(
            created_at=Greatest(Cast("founded_on", DateTimeField()) + timedelta(hours=9), Value(loaded))
        )
    return len(enterprises)


def _entered_twice(enterprises: list[Enterprise], rng: random.Random) -> list[Enterprise]:
    """A few records entered twice, as registries have them, for the duplicates page: branches
    entered under their head office's name (certain), household businesses entered again under the
    owner's personal ID (certain) and a name typed two ways under two valid codes (possible)."""
    copies: list[Enterprise] = []
    originals = rng.sample(enterprises, k=6)

    def copy(original: Enterprise, **changes: object) -> Enterprise:
        fields = {
            field.attname: getattr(original, field.attname)
            for field in Enterprise._meta.concrete_fields
            if field.attname not in ("id", "uuid", "created_at", "updated_at")
        }
        return Enterprise(**(fields | changes))

    for original in originals[:3]:
        copies.append(
            copy(
                original,
                tax_code=f"{original.tax_code}-001",
                tax_code_kind="branch",
                name=f"Chi nhánh {original.name}",
                legal_form=LegalForm.DEPENDENT_UNIT,
                tags=[],
            )
        )
    for original in originals[3:5]:
        owner_id = f"0{rng.randrange(10**10, 10**11)}"  # a 12-digit citizen ID
        label = max((label for _form, label in FORMS if original.name.startswith(label)), key=len)
        original.name, original.legal_form = f"Hộ kinh doanh {original.name[len(label) + 1 :]}", LegalForm.HOUSEHOLD
        copies.append(copy(original, tax_code=owner_id, tax_code_kind="personal", name=original.name.upper(), tags=[]))
    possible = originals[5]
    taken = {enterprise.tax_code for enterprise in enterprises}
    other_code = next(code for code in demo_tax_codes("99") if code not in taken)
    copies.append(copy(possible, tax_code=other_code, name=possible.name.replace("Công ty", "Cty"), tags=[]))
    return copies
