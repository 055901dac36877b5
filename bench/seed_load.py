"""Fill a province with a realistic registry, assessments and programme: the data of the later benches.

Usage:
    .venv/bin/python bench/seed_load.py [--enterprises 100000] [--assessments 20000] [--province bench]
        [--database-url URL] [--year 2026] [--seed 2026] [--activities 200] [--participants N] [--code 66]
The database (--database-url, else DATABASE_URL, else postgres://postgres@127.0.0.1:5432/dbi_bench) is
created if missing and migrated. The province is created once (domain <slug>.localhost, wards of the
reference province --code, Đắk Lắk's plan, the shipped scoring model, admin@<slug>.localhost and one
account per demo role, password dbi-demo-2026); every run then replaces all its registry, assessment and
programme data in one transaction, so running it again never duplicates anything. The same seed on the
same day gives the same rows (only the enterprises' uuids differ).
Assessments cover --year and the two years before, scored by the real engine (a few hundred distinct
answer sets, reused). Progress goes to stderr; the last stdout line is JSON: province, enterprises,
assessments, activities, participants, supports, honours, seconds.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import os
import random
import sys
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dbi_portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/dbi_bench"
STARTED = time.perf_counter()


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--enterprises", type=int, default=100_000)
    parser.add_argument("--assessments", type=int, default=20_000)
    parser.add_argument("--province", default="bench", help="the province's slug (default: bench)")
    parser.add_argument("--code", default="66", help="statistics code of a new province: its wards (default: 66)")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL)
    parser.add_argument("--year", type=int, default=date.today().year, help="the last of the three years")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--activities", type=int, default=200)
    parser.add_argument("--participants", type=int, help="default: one per five enterprises")
    args = parser.parse_args()
    if args.year > date.today().year:
        parser.error("--year cannot be in the future")
    if args.enterprises < 1 or args.assessments < 0 or args.activities < 0:
        parser.error("--enterprises must be positive; --assessments and --activities at least 0")
    return args


def database_ensure(url: str) -> bool:
    """Create the database `url` names unless it exists (through the server's `postgres` database)."""
    import psycopg
    from psycopg import sql
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    name = str(conninfo_to_dict(url)["dbname"])
    with psycopg.connect(make_conninfo(url, dbname="postgres"), autocommit=True) as server:
        if server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return True


def log(message: str) -> None:
    print(f"[{time.perf_counter() - STARTED:6.1f}s] {message}", file=sys.stderr, flush=True)


# The database decides the settings: read the arguments and create it before Django starts.
ARGS = arguments()
os.environ["DATABASE_URL"] = ARGS.database_url
if database_ensure(ARGS.database_url):
    log(f"created the database of {ARGS.database_url}")

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, models, transaction  # noqa: E402
from django_tenants.utils import schema_context  # noqa: E402
from psycopg.copy import QueuedLibpqWriter  # noqa: E402

from accounts.models import User  # noqa: E402
from accounts.roles import Role  # noqa: E402
from accounts.services import user_create  # noqa: E402
from assessments.certificates import CODE_ALPHABET  # noqa: E402
from assessments.models import (  # noqa: E402
    Assessment,
    AssessmentEvent,
    AssessmentKind,
    AssessmentState,
    ModelVersion,
    Wave,
)
from assessments.scoring import ScoringModel, answers_parse, score  # noqa: E402
from assessments.selectors import model_version_published, scoring_model  # noqa: E402
from assessments.services.lifecycle import DEFAULT_MODEL  # noqa: E402
from assessments.services.versions import model_versions_install_shipped  # noqa: E402
from campaigns.models import (  # noqa: E402
    ATTENDED_KINDS,
    SUPPORT_KINDS,
    Activity,
    ActivityKind,
    ActivityStatus,
    Agency,
    AgencyKind,
    AttendanceStatus,
    Budget,
    BudgetSource,
    Honour,
    HonourCategory,
    Participant,
    Provider,
    ProviderKind,
    Support,
    SupportOutcome,
    Task,
    TaskUpdate,
    UpdateReminder,
)
from campaigns.selectors import person_key  # noqa: E402
from demo.assessments import _answers, demo_enterprise_account_ensure  # noqa: E402
from demo.campaigns import (  # noqa: E402
    FAMILY,
    GIVEN,
    MIDDLE,
    POSITIONS,
    PROVIDERS,
    demo_plan_ensure,
    demo_task_updates_ensure,
)
from demo.enterprises import ASSOCIATIONS, FORMS, TAX_PREFIX, WORDS, demo_tax_codes  # noqa: E402
from demo.provinces import DEMO_PASSWORD, DEMO_ROLE_USERS  # noqa: E402
from enterprises.importing.writing import copy_insert  # noqa: E402
from enterprises.models import Association, Enterprise, EnterpriseStatus, LegalForm  # noqa: E402
from enterprises.sizing import size_class  # noqa: E402
from reference.loaders import reference_data_load  # noqa: E402
from reference.models import AdministrativeProvince, LegacyWard, VsicCode, Ward  # noqa: E402
from reference.selectors import vsic_sections  # noqa: E402
from reference.text import fold  # noqa: E402
from reporting.statistics.counting import Period, filters_for  # noqa: E402
from reporting.statistics.honours import candidates  # noqa: E402
from tenants.models import Domain, Province  # noqa: E402
from tenants.services import province_create, public_tenant_ensure, schema_name_for  # noqa: E402

ZONE = ZoneInfo(settings.TIME_ZONE)
# Main sectors by VSIC 2025 section, roughly as Vietnamese registries spread them (trade first).
SECTION_WEIGHTS = {
    "A": 3.0, "B": 0.5, "C": 14.0, "D": 0.4, "E": 0.5, "F": 12.0, "G": 38.0, "H": 6.0, "I": 5.0, "J": 0.7,
    "K": 2.5, "L": 0.8, "M": 3.0, "N": 4.0, "O": 4.0, "Q": 1.5, "R": 0.8, "S": 0.8, "T": 1.5,
}  # fmt: skip
SECTIONS = list(SECTION_WEIGHTS)
TRADES = {
    "A": ["Nông sản", "Cà phê", "Hồ tiêu", "Lâm sản", "Chăn nuôi"], "C": ["Sản xuất", "Chế biến", "Gỗ", "Cơ khí"],
    "F": ["Xây dựng", "Xây lắp"], "G": ["Thương mại", "Kinh doanh", "Phân phối"], "H": ["Vận tải", "Logistics"],
    "I": ["Du lịch", "Khách sạn", "Nhà hàng"], "K": ["Công nghệ", "Phần mềm", "Viễn thông"],
    "L": ["Đầu tư Tài chính"], "M": ["Bất động sản", "Địa ốc"], "N": ["Tư vấn", "Thiết kế"], "Q": ["Giáo dục"],
    "R": ["Y tế", "Dược phẩm"],
}  # fmt: skip
# Assessed share of enterprises by size: larger ones are invited first and answer more often.
SIZE_WEIGHT = {"micro": 1.0, "small": 2.5, "medium": 4.0, "large": 4.0, "": 0.5}
# (state, weight) for assessments of past years and of the last year
PAST_STATES = {"validated": 92, "submitted": 2, "under_review": 1, "returned": 2, "draft": 3}
CURRENT_STATES = {"validated": 60, "submitted": 17, "under_review": 6, "returned": 5, "draft": 12}
BARRIERS = {"C1": 60, "C2": 30, "C3": 50, "C4": 25, "C5": 40, "C6": 15, "C7": 15, "C8": 12, "C9": 20}
SUPPORT = {"D1": 45, "D2": 20, "D3": 30, "D4": 40, "D5": 40, "D6": 5}
NEEDS = [
    "Phần mềm quản lý bán hàng và kho", "Đào tạo nhân viên sử dụng hóa đơn điện tử", "Xây dựng website bán hàng",
    "Tư vấn lộ trình chuyển đổi số", "Hỗ trợ chi phí thuê phần mềm ERP", "Đưa sản phẩm lên sàn thương mại điện tử",
]  # fmt: skip
RETURN_REASONS = [
    "Đề nghị bổ sung số liệu tỷ lệ doanh thu thương mại điện tử.",
    "Số lao động sử dụng máy tính chưa khớp với tổng số lao động.",
    "Đề nghị kiểm tra lại câu trả lời trụ cột Quản trị.",
]
KINDS = [
    (ActivityKind.TRAINING, 36, ["6", "7"]),
    (ActivityKind.WORKSHOP, 20, ["8", "6"]),
    (ActivityKind.OUTREACH, 15, ["1", "3"]),
    (ActivityKind.SUPPORT_VISIT, 10, ["4", "5"]),
    (ActivityKind.MATCHMAKING, 8, ["8", "4"]),
    (ActivityKind.ECOMMERCE, 8, ["7", "4"]),
]  # (kind, share, numbers of the Đắk Lắk plan's tasks it serves)
TITLES = {
    ActivityKind.TRAINING: [
        "Tập huấn tự đánh giá mức độ chuyển đổi số doanh nghiệp (DBI)",
        "Khóa đào tạo ứng dụng phần mềm kế toán, hóa đơn điện tử",
        "Tập huấn kỹ năng bán hàng trên sàn thương mại điện tử",
        "Đào tạo an toàn thông tin cho doanh nghiệp nhỏ và vừa",
        "Tập huấn sử dụng nền tảng số cho hộ kinh doanh",
    ],
    ActivityKind.WORKSHOP: [
        "Hội thảo chuyển đổi số doanh nghiệp nhỏ và vừa",
        "Diễn đàn kết nối doanh nghiệp với nhà cung cấp giải pháp số",
        "Hội thảo chuyển đổi số ngành cà phê và nông sản",
    ],
    ActivityKind.OUTREACH: [
        "Chuyên mục chuyển đổi số trên Đài Phát thanh và Truyền hình tỉnh",
        "Tờ rơi hướng dẫn tự đánh giá DBI",
        "Loạt bài chuyển đổi số doanh nghiệp trên Báo Đắk Lắk",
    ],
    ActivityKind.SUPPORT_VISIT: ["Khảo sát, hỗ trợ doanh nghiệp đánh giá mức độ chuyển đổi số"],
    ActivityKind.MATCHMAKING: ["Kết nối doanh nghiệp với giải pháp quản trị nguồn lực (ERP)"],
    ActivityKind.ECOMMERCE: ["Hỗ trợ doanh nghiệp đưa sản phẩm lên sàn thương mại điện tử"],
    ActivityKind.HONOURING: ["Tôn vinh doanh nghiệp chuyển đổi số tiêu biểu"],
}
CHANNELS = ["Truyền hình", "Báo in", "Mạng xã hội", "Tờ rơi", "Cổng thông tin điện tử"]
PEOPLE = [f"{family} {middle} {given}" for family, middle, given in itertools.product(FAMILY, MIDDLE, GIVEN)]
# Tag sets as array literals: psycopg would otherwise dump each list (COPY reads the literal as is).
TAG_SETS = ['{"xuất khẩu"}', "{OCOP}", '{"khởi nghiệp"}', '{"làng nghề"}', '{OCOP,"làng nghề"}']
PLACES = ["Hội trường Sở Khoa học và Công nghệ", "Trung tâm Hội nghị tỉnh", "Hội trường Hiệp hội Doanh nghiệp tỉnh"]


@dataclass
class World:
    """What every step needs: the randomness, the days, the province's people and scoring model."""

    rng: random.Random
    year: int
    today: date  # the last day data may carry
    now: datetime
    province: Province
    users: dict[str, User]
    version: ModelVersion
    model: ScoringModel
    definition: dict[str, Any]

    @property
    def first_day(self) -> date:
        return date(self.year - 2, 1, 1)

    def moment(self, day: date) -> datetime:
        """A working-hours instant of `day`, never after now."""
        hour = self.rng.randrange(7, 18)
        return min(datetime.combine(day, clock(hour, self.rng.randrange(60)), tzinfo=ZONE), self.now)

    def new_uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def person(self) -> str:
        return PEOPLE[int(self.rng.random() * len(PEOPLE))]


@dataclass
class Firm:
    """An enterprise as the later steps see it (its id is known once the rows are written)."""

    created: datetime
    section: str
    size: str
    assessable: bool  # active, not archived, not a duplicate
    weight: float  # how likely it is to assess itself or attend
    id: int = 0
    last: tuple[date, int] | None = None  # its latest validated assessment: day, level


class Scored(NamedTuple):
    maturity: float
    level: int
    total: int
    answers: dict[str, Any]
    answers_json: str
    result_json: str
    part_b: tuple[str, ...]  # a few Part B answers of such an enterprise, as JSON


def main() -> None:
    log(f"migrating {ARGS.database_url}")
    call_command("migrate_schemas", executor="standard", verbosity=0, interactive=False)
    reference_data_load()
    public_tenant_ensure()
    province = province_ensure(ARGS.province, ARGS.code)
    today = min(date.today(), date(ARGS.year, 12, 31))
    now = datetime.now(ZONE) if today == date.today() else datetime.combine(today, clock(18), tzinfo=ZONE)
    participants = ARGS.participants if ARGS.participants is not None else ARGS.enterprises // 5
    with schema_context(province.schema_name):
        users = users_ensure(province)
        model_versions_install_shipped()
        version = model_version_published(key=DEFAULT_MODEL)
        world = World(
            rng=random.Random(ARGS.seed), year=ARGS.year, today=today, now=now, province=province, users=users,
            version=version, model=scoring_model(version), definition=version.definition,
        )  # fmt: skip
        with transaction.atomic():
            data_clear()
            firms = enterprises_fill(world, ARGS.enterprises)
            demo_enterprise_account_ensure(user=users["enterprise"])
            assessments = assessments_fill(world, firms, ARGS.assessments)
            activities, people, supports, honours = programme_fill(world, firms, ARGS.activities, participants)
        analyse()
        counts = {
            "enterprises": Enterprise.objects.count(),
            "assessments": Assessment.objects.count(),
            "activities": Activity.objects.count(),
            "participants": Participant.objects.count(),
        }
    assert (counts["assessments"], counts["activities"], counts["participants"]) == (assessments, activities, people)
    seconds = round(time.perf_counter() - STARTED, 1)
    log(f"done in {seconds} s")
    print(json.dumps({"province": province.slug, **counts, "supports": supports, "honours": honours,
                      "seconds": seconds}))  # fmt: skip


# --- The province ---------------------------------------------------------------------------------


def province_ensure(slug: str, code: str) -> Province:
    """The bench province, created with its domain and administrator unless it exists."""
    province = Province.objects.filter(slug=slug).first()
    if province is None:
        schema = schema_name_for(slug)
        log(f"creating the province {slug} (schema {schema}, wards of {code})")
        with connection.cursor() as cursor:  # left behind by a deleted bench province: never reused
            cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        province = province_create(
            name=f"{slug.replace('-', ' ').title()}",
            code=code,
            slug=slug,
            plan_title="Kế hoạch triển khai Đề án xác định Chỉ số đánh giá mức độ chuyển đổi số doanh nghiệp",
            agency_report=(5, 12),
            ministry_report=(15, 12),
            admin_password=DEMO_PASSWORD,
        ).province
    else:
        log(f"reusing the province {slug} (schema {province.schema_name}): its data is replaced")
    Domain.objects.get_or_create(
        domain=f"{slug}.{settings.BASE_DOMAIN}", defaults={"tenant": province, "is_primary": True}
    )
    return province


def users_ensure(province: Province) -> dict[str, User]:
    """The administrator (password reset to the demo one, for the benches that log in) and one account
    per demo role, all <role>@<slug>.<base domain>."""
    base = f"{province.slug}.{settings.BASE_DOMAIN}"
    users = {}
    for role, name in [(Role.PROVINCE_ADMIN.value, "Quản trị viên"), *DEMO_ROLE_USERS.items()]:
        email = f"{'admin' if role == Role.PROVINCE_ADMIN else role.replace('_', '-')}@{base}"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = user_create(email=email, role=role, full_name=name, password=DEMO_PASSWORD)
        elif role == Role.PROVINCE_ADMIN and not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        users[role.removeprefix("province_")] = user
    return users


def data_clear() -> None:
    """Empty the registry, assessments and programme records (CASCADE reaches the rows that point at
    them: accounts' enterprise links, events, participants, supports, honours…); ids restart at 1."""
    tables = [
        model._meta.db_table
        for model in (Enterprise, Association, Assessment, Wave, Activity, Provider, TaskUpdate, UpdateReminder,
                      Budget, Honour)
    ]  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")


def copy_rows(model: type[models.Model], rows: Iterable[dict[str, Any]]) -> int:
    """COPY rows given by attname into the model's table; a missing value takes the field's default.
    A JSON value may come already serialised (a str): answer sets are dumped once and reused."""
    fields = [item for item in model._meta.concrete_fields if not item.primary_key]
    json_names = {item.attname for item in fields if isinstance(item, models.JSONField)}
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(item.column)) for item in fields)
    count = 0
    with (
        connection.cursor() as cursor,
        # The queued writer sends from a thread: PostgreSQL stores rows while Python makes the next.
        cursor.cursor.copy(
            f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN", writer=QueuedLibpqWriter(cursor.cursor)
        ) as copy,
    ):
        for row in rows:
            values = []
            for item in fields:
                value = row[item.attname] if item.attname in row else item.get_default()
                if item.attname in json_names and value is not None and not isinstance(value, str):
                    value = json.dumps(value, ensure_ascii=False)
                values.append(value)
            copy.write_row(values)
            count += 1
    return count


@contextmanager
def indexes_rebuilt(model: type[models.Model]) -> Iterator[None]:
    """Drop the table's indexes that back no constraint and build them again afterwards: one sort per
    index instead of 100,000 insertions into each (the trigram index above all)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index
            WHERE indrelid = %s::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = indexrelid)""",
            [table],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        # Django's foreign keys are checked at commit; pending checks would forbid CREATE INDEX.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def kept(rows: list[dict[str, Any]], made: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The rows as they are made, also kept in `rows`."""
    for row in made:
        rows.append(row)
        yield row


def analyse() -> None:
    """Fresh statistics and visibility maps, as autovacuum would leave a living province."""
    tables: list[type[models.Model]] = [
        Enterprise,
        Enterprise.associations.through,
        Assessment,
        AssessmentEvent,
        Participant,
        Support,
        Activity,
        Honour,
    ]
    with connection.cursor() as cursor:
        for model in tables:
            cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(model._meta.db_table)}")
            log(f"vacuumed and analysed {model._meta.db_table}")


def weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def sample_weighted(rng: random.Random, weights: dict[str, int], low: int, high: int) -> list[str]:
    """Between low and high distinct keys, the heavier more often (Efraimidis–Spirakis)."""
    keys = sorted(weights, key=lambda key: rng.random() ** (1 / weights[key]), reverse=True)
    return sorted(keys[: rng.randint(low, high)])


# --- The registry ---------------------------------------------------------------------------------


class Registry:
    """Realistic enterprise rows, one at a time (mostly companies, some household businesses and
    branches, a few duplicates merged later), and what the later steps need to know of each."""

    def __init__(self, world: World) -> None:
        rng, code = world.rng, world.province.code or ARGS.code
        self.world, self.rng, self.code = world, rng, code
        self.sections = vsic_sections()
        self.codes: dict[tuple[str, str], list[str]] = {}
        for edition, vsic, section in VsicCode.objects.filter(level=4).values_list("edition", "code", "section"):
            section_2025 = section if edition == "2025" else self.sections.get((edition, vsic), "")
            if section_2025 in SECTION_WEIGHTS:
                self.codes.setdefault((edition, section_2025), []).append(vsic)
        # Some codes are far more common than others within a section, some wards than others.
        self.code_weights = {
            key: list(itertools.accumulate(rng.paretovariate(1.0) for _ in values))
            for key, values in sorted(self.codes.items())
        }
        self.wards = list(Ward.objects.filter(province__code=code).order_by("code").values_list("id", flat=True))
        self.ward_weights = list(itertools.accumulate(min(rng.paretovariate(1.1), 40.0) for _ in self.wards))
        self.section_weights = list(itertools.accumulate(SECTION_WEIGHTS.values()))
        province_name = AdministrativeProvince.objects.filter(code=code).values_list("name", flat=True).first() or ""
        self.legacy = [
            f"{name}, {district}, {old_province}"
            for name, district, old_province in LegacyWard.objects.filter(province_name__endswith=province_name)
            .order_by("code")
            .values_list("name", "district_name", "province_name")
        ]
        self.imported = datetime(world.year - 3, 10, 1, 8, tzinfo=ZONE)  # the registry's first import
        self.tax_codes = demo_tax_codes(TAX_PREFIX.get(code, "01"))
        self.personal_ids: set[str] = set()
        self.firms: list[Firm] = []
        self.names: list[str] = []
        self.heads: list[list[Any]] = []  # companies with branches: tax code, name, section, edition, sector, count
        self.duplicates: list[tuple[int, int]] = []  # (the duplicate's index, the kept record's index)

    def rows(self, count: int) -> Iterator[dict[str, Any]]:
        for index in range(count):
            yield self.row(index)

    def row(self, index: int) -> dict[str, Any]:
        rng, world = self.rng, self.world
        section = SECTIONS[bisect.bisect(self.section_weights, rng.random() * self.section_weights[-1])]
        edition = "2018" if rng.random() < 0.15 and ("2018", section) in self.codes else "2025"
        main_sector = rng.choices(self.codes[edition, section], cum_weights=self.code_weights[edition, section])[0]
        headcount: int | None = int(rng.lognormvariate(1.8, 1.3))
        revenue: Decimal | None = Decimal(str(round((headcount or 1) * rng.uniform(0.2, 3.0), 1)))
        capital = Decimal(str(round((headcount or 1) * rng.uniform(0.1, 1.5), 1)))
        headcount = None if rng.random() < 0.06 else headcount
        revenue = None if rng.random() < 0.05 else revenue
        roll = rng.random()
        if self.heads and roll < 0.03:  # a branch of an earlier company
            parent = self.heads[rng.randrange(len(self.heads))]
            parent[5] += 1
            tax_code, kind, form = f"{parent[0]}-{parent[5]:03d}", "branch", LegalForm.DEPENDENT_UNIT
            name = f"Chi nhánh {parent[1]} tại {rng.choice(WORDS)} {rng.choice(WORDS)}"
            section, edition, main_sector = parent[2], parent[3], parent[4]
        elif roll < 0.11:  # a household business under its owner's citizen ID
            tax_code = f"0{self.code}{rng.randrange(4)}{rng.randrange(100):02d}{rng.randrange(10**6):06d}"
            while tax_code in self.personal_ids:
                tax_code = f"0{self.code}{rng.randrange(4)}{rng.randrange(100):02d}{rng.randrange(10**6):06d}"
            self.personal_ids.add(tax_code)
            kind, form, name = "personal", LegalForm.HOUSEHOLD, f"Hộ kinh doanh {world.person()}"
            headcount = min(headcount or 1, 9)
        else:
            tax_code, kind = next(self.tax_codes), "enterprise"
            form, label = rng.choices(FORMS, cum_weights=[30, 65, 85, 95, 100])[0]
            trade = rng.choice(TRADES.get(section, ["Dịch vụ", "Thương mại Dịch vụ"]))
            name = f"{label} {trade} {rng.choice(WORDS)} {rng.choice(WORDS)}"
            name = f"{name} {rng.choice(WORDS)}" if rng.random() < 0.4 else name
            self.heads.append([tax_code, name, section, edition, main_sector, 0])
        if self.names and rng.random() < 0.001:  # the same enterprise typed in twice, merged later
            kept = rng.randrange(len(self.names))
            name = self.names[kept]
            self.duplicates.append((index, kept))
        founded = max(date(1990, 1, 1), world.today - timedelta(days=int(rng.expovariate(1 / 2800))))
        created = self.imported
        if rng.random() < 0.25:
            created += timedelta(seconds=rng.randrange(int((world.now - self.imported).total_seconds())))
        if founded >= created.date():  # registered after the first import: added by a later one
            created = world.moment(founded + timedelta(days=rng.randrange(60)))
        status = rng.choices(["active", "suspended", "dissolved"], cum_weights=[90, 96, 100])[0]
        archived = created + timedelta(days=rng.randrange(30, 400)) if rng.random() < 0.005 else None
        archived = archived if archived is None or archived < world.now else None
        ward = rng.choices(self.wards, cum_weights=self.ward_weights)[0] if self.wards and rng.random() > 0.03 else None
        others = self.codes[edition, section]
        street = f"{rng.randrange(1, 500)} đường {rng.choice(WORDS)} {rng.choice(WORDS)}" if ward else ""
        legacy = f"Số {rng.randrange(1, 300)}, {rng.choice(self.legacy)}" if self.legacy and not ward else ""
        updated = min(created + timedelta(days=rng.randrange(400)), world.now) if rng.random() < 0.3 else created
        row: dict[str, Any] = {
            "tax_code": tax_code,
            "tax_code_kind": kind,
            "name": name,
            "short_name": (
                f"{fold(rng.choice(WORDS)).upper()} {fold(rng.choice(WORDS)).upper()} CO., LTD"
                if kind == "enterprise" and rng.random() < 0.12
                else ""
            ),
            "legal_form": form,
            "founded_on": founded,
            "status": status,
            "vsic_edition": edition,
            "main_sector": main_sector,
            "other_sectors": (
                "{" + ",".join(sorted({rng.choice(others) for _ in range(3)} - {main_sector})) + "}"
                if rng.random() < 0.3
                else "{}"
            ),
            "headcount": headcount,
            "revenue": revenue,
            "capital": capital,
            "ward_id": ward,
            "street_address": street,
            "legacy_address": legacy,
            "phone": f"0{rng.randrange(200, 299)} {rng.randrange(1000000, 9999999)}" if rng.random() < 0.8 else "",
            "email": f"lienhe.{tax_code}@example.vn" if rng.random() < 0.4 else "",
            "website": f"https://{tax_code}.example.vn" if rng.random() < 0.1 else "",
            "legal_representative": world.person() if rng.random() < 0.95 else "",
            "tags": TAG_SETS[int(rng.random() * len(TAG_SETS))] if rng.random() < 0.1 else "{}",
            "created_at": created,
            "updated_at": updated,
            "archived_at": archived,
        }
        size = size_class(section, headcount, revenue, capital)
        size_value = size.value if size else ""
        if size is not None and rng.random() < 0.003:  # an officer's decision from last year's accounts
            size_value = row["size_override"] = "small" if size.value == "micro" else "micro"
            row["size_note"] = "Theo báo cáo tài chính năm trước của doanh nghiệp"
        weight = SIZE_WEIGHT[size_value] * (0.3 if kind != "enterprise" else 1.0)
        assessable = status == EnterpriseStatus.ACTIVE and archived is None
        self.firms.append(Firm(created=created, section=section, size=size_value, assessable=assessable, weight=weight))
        self.names.append(name)
        return row


def enterprises_fill(world: World, count: int) -> list[Firm]:
    """`count` enterprises by COPY, made while PostgreSQL writes and indexes the rows sent before."""
    registry = Registry(world)
    firms = registry.firms
    with indexes_rebuilt(Enterprise):
        copy_insert(registry.rows(count), sections=registry.sections)
        ids = list(Enterprise.objects.order_by("id").values_list("id", flat=True))
        for firm, pk in zip(firms, ids, strict=True):
            firm.id = pk
        if registry.duplicates:
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"UPDATE {Enterprise._meta.db_table} SET merged_into_id = %s, archived_at = %s WHERE id = %s",
                    [(ids[kept], world.now, ids[index]) for index, kept in registry.duplicates],
                )
            for index, _kept in registry.duplicates:
                firms[index].assessable = False
    associations_fill(world, firms)
    log(f"{count} enterprises ({len(registry.duplicates)} merged duplicates)")
    return firms


def associations_fill(world: World, firms: list[Firm]) -> None:
    associations = [Association.objects.create(name=name) for name in ASSOCIATIONS]
    through = Enterprise.associations.through
    rows = (
        {"enterprise_id": firm.id, "association_id": world.rng.choice(associations).pk}
        for firm in firms
        if world.rng.random() < 0.2
    )
    copy_rows(through, rows)


# --- Assessments ------------------------------------------------------------------------------------


def answer_pool(world: World, size: int = 400) -> list[Scored]:
    """A few hundred answer sets over the whole range of maturity, scored by the engine, by maturity."""
    rng, pool = world.rng, []
    items = [item["code"] for group in world.definition["part_b"] for item in group["items"]]
    for number in range(size):
        # Most enterprises are beginners; a fifth of the pool covers the higher levels evenly.
        maturity = rng.betavariate(2, 3) if number % 5 else rng.uniform(0.3, 1.25)
        answers = _answers(world.definition, maturity, rng)
        result = score(world.model, answers_parse(world.model, answers))
        part_b = tuple(
            json.dumps({item: max(0, min(5, round(maturity * 5 + rng.uniform(-1.5, 1.5)))) for item in items})
            for _ in range(3)
        )
        result_json = json.dumps(result.as_json(), ensure_ascii=False)
        pool.append(
            Scored(maturity, result.overall_level, result.total, answers, json.dumps(answers), result_json, part_b)
        )
    pool.sort(key=lambda scored: scored.maturity)
    levels = sorted({scored.level for scored in pool})
    log(f"scored {size} answer sets (levels {levels})")
    return pool


def assessments_fill(world: World, firms: list[Firm], count: int) -> int:
    """`count` assessments over three years: each year new enterprises, and re-assessments a year after
    a validated one (level up, the same or down); states mostly validated, more open in the last year."""
    rng = world.rng
    pool = answer_pool(world)
    maturities = [scored.maturity for scored in pool]
    by_level: dict[int, list[Scored]] = {}
    for scored in pool:
        by_level.setdefault(scored.level, []).append(scored)
    # Enterprises in the order they first assess themselves: the heavier, the sooner.
    candidates_order = sorted(
        (firm for firm in firms if firm.assessable), key=lambda firm: rng.random() ** (1 / firm.weight), reverse=True
    )
    fresh = iter(candidates_order)
    written = 0
    quotas = [round(count * 0.27), round(count * 0.33)]
    quotas.append(count - sum(quotas))
    for offset, quota in enumerate(quotas):
        year = world.year - 2 + offset
        last_day = min(date(year, 12, 31), world.today)
        states = CURRENT_STATES if year == world.year else PAST_STATES
        earlier = [firm for firm in candidates_order if firm.last and firm.last[0].year < year]
        again = rng.sample(earlier, k=min(len(earlier), round(quota * 0.3)))
        planned: list[tuple[Firm, date, Scored]] = []
        for firm in again:
            assert firm.last is not None
            previous_day, previous_level = firm.last
            low = max(date(year, 1, 1), previous_day + timedelta(days=120))
            day = min(max(previous_day + timedelta(days=365 + rng.randint(-40, 40)), low), last_day)
            if low > last_day:
                continue
            step = rng.choices([1, 0, -1], weights=[55, 30, 15])[0]
            level = min(max(previous_level + step, 0), 5)
            level = min(by_level, key=lambda found: (abs(found - level), -found * step))
            planned.append((firm, day, rng.choice(by_level[level])))
        while len(planned) < quota:
            new = next(fresh, None)
            if new is None:
                break
            low = max(date(year, 1, 1), new.created.date() + timedelta(days=7))
            if low > last_day:
                continue
            day = low + timedelta(days=rng.randrange((last_day - low).days + 1))
            maturity = rng.betavariate(2, 3) + (0.1 if new.size in ("medium", "large") else 0.0)
            maturity += 0.1 if new.section in ("K", "L") else 0.0
            nearest = bisect.bisect(maturities, maturity)
            planned.append((new, day, pool[min(len(pool) - 1, max(0, nearest + rng.randint(-3, 3)))]))
        planned.sort(key=lambda item: item[1])
        # Written year by year: the next year's re-assessments follow this year's validated results.
        rows: list[dict[str, Any]] = []
        before = written
        written += copy_rows(
            Assessment, kept(rows, (assessment_row(world, *item, weighted(rng, states)) for item in planned))
        )
        ids = list(Assessment.objects.order_by("id").values_list("id", flat=True)[before:])
        copy_rows(AssessmentEvent, events(world, rows, ids))
        log(f"{year}: {len(rows)} assessments ({len(again)} re-assessments planned) with their events")
    return written


def assessment_row(world: World, firm: Firm, day: date, scored: Scored, state: str) -> dict[str, Any]:
    rng, users = world.rng, world.users
    expert = state == AssessmentState.UNDER_REVIEW or rng.random() < 0.3
    kind = AssessmentKind.EXPERT if expert else AssessmentKind.SELF
    started = max(world.moment(day - timedelta(days=rng.randrange(15))), firm.created + timedelta(days=1))
    row: dict[str, Any] = {
        "uuid": world.new_uuid(),
        "enterprise_id": firm.id,
        "version_id": world.version.pk,
        "kind": kind,
        "respondent_name": world.person(),
        "respondent_position": rng.choice(POSITIONS),
        "respondent_phone": f"09{rng.randrange(10_000_000, 99_999_999)}",
        "respondent_email": f"lienhe@{firm.id}.example.vn",
        "part_b": rng.choice(scored.part_b),
        "part_c": sample_weighted(rng, BARRIERS, 1, 4),
        "part_d": {"support": sample_weighted(rng, SUPPORT, 0, 3), "answers": {}},
        "created_by_id": users["staff"].pk if kind == AssessmentKind.EXPERT else None,
        "expert_id": users["expert"].pk if kind == AssessmentKind.EXPERT else None,
        "created_at": started,
        "updated_at": started,
    }
    if rng.random() < 0.25:
        row["part_d"]["answers"]["D7"] = rng.choice(NEEDS)
    if state == AssessmentState.DRAFT:  # answered a few pillars so far
        pillars = world.definition["pillars"]
        done = rng.randrange(len(pillars))
        codes = {c["code"] for p in pillars[:done] for i in p["indicators"] for c in i["criteria"]}
        row |= {
            "state": state,
            "answers": {code: value for code, value in scored.answers.items() if code in codes},
            "steps_done": ["header", *(f"p{number}" for number in range(1, done + 1))],
        }
        return row
    submitted = max(world.moment(day), started)
    row |= {
        "state": state,
        "answers": scored.answers_json,
        "result": scored.result_json,
        "total": scored.total,
        "overall_level": scored.level,
        "steps_done": ["header", "p1", "p2", "p3", "p4", "p5", "p6", "b", "c", "d"],
        "submitted_at": submitted,
        "updated_at": submitted,
    }
    decided = min(submitted + timedelta(days=rng.randrange(2, 40), hours=rng.randrange(8)), world.now)
    if state == AssessmentState.VALIDATED and decided >= world.now:  # not decided yet
        row["state"] = state = AssessmentState.REVIEWED if kind == AssessmentKind.EXPERT else "submitted"
    if kind == AssessmentKind.EXPERT and state in (AssessmentState.VALIDATED, AssessmentState.REVIEWED):
        reviewed = submitted + (decided - submitted) / 2
        row |= {"reviewed_at": reviewed, "reviewed_by_id": users["expert"].pk, "updated_at": reviewed}
    if state == AssessmentState.VALIDATED:
        row |= {
            "validated_at": decided,
            "validated_by_id": users["staff"].pk,
            "updated_at": decided,
            "certificate_code": certificate_code(world),
        }
        firm.last = (day, scored.level)
    elif state == AssessmentState.RETURNED:
        row |= {"returned_reason": rng.choice(RETURN_REASONS), "updated_at": decided}
    return row


_CODES: set[str] = set()


def certificate_code(world: World) -> str:
    while True:
        raw = "".join(world.rng.choices(CODE_ALPHABET, k=10))
        if raw not in _CODES:
            _CODES.add(raw)
            return f"{raw[:5]}-{raw[5:]}"


def events(world: World, rows: list[dict[str, Any]], ids: list[int]) -> Iterator[dict[str, Any]]:
    """Each assessment's transitions, as its history page lists them."""
    staff, expert = world.users["staff"].pk, world.users["expert"].pk
    for row, pk in zip(rows, ids, strict=True):
        if row["state"] == AssessmentState.DRAFT:
            continue
        submitted = row["submitted_at"]
        yield {"assessment_id": pk, "action": "submit", "state": "submitted", "user_id": row["created_by_id"],
               "created_at": submitted}  # fmt: skip
        if row.get("reviewed_at"):
            yield {"assessment_id": pk, "action": "review", "state": "under_review", "user_id": expert,
                   "created_at": submitted + (row["reviewed_at"] - submitted) / 2}  # fmt: skip
            yield {"assessment_id": pk, "action": "accept", "state": "reviewed", "user_id": expert,
                   "created_at": row["reviewed_at"]}  # fmt: skip
        elif row["state"] == AssessmentState.UNDER_REVIEW:
            yield {"assessment_id": pk, "action": "review", "state": "under_review", "user_id": expert,
                   "created_at": row["updated_at"]}  # fmt: skip
        if row["state"] == AssessmentState.VALIDATED:
            yield {"assessment_id": pk, "action": "validate", "state": "validated", "user_id": staff,
                   "created_at": row["validated_at"]}  # fmt: skip
        elif row["state"] == AssessmentState.RETURNED:
            yield {"assessment_id": pk, "action": "return", "state": "returned", "user_id": staff,
                   "comment": row["returned_reason"], "created_at": row["updated_at"]}  # fmt: skip


# --- The programme ----------------------------------------------------------------------------------


def programme_fill(world: World, firms: list[Firm], count: int, participants: int) -> tuple[int, int, int, int]:
    """Đắk Lắk's plan, `count` activities of every kind over the three years (a few still planned, a
    few cancelled) with about `participants` people, supports, honours, budgets and task updates."""
    rng, staff = world.rng, world.users["staff"]
    demo_plan_ensure(slug="dak-lak", association_user=world.users["association"])
    tasks = {task.number: task for task in Task.objects.order_by("plan_id", "position")}
    department = Agency.objects.filter(kind=AgencyKind.DEPARTMENT).order_by("pk").first()
    associations = list(Agency.objects.filter(kind=AgencyKind.ASSOCIATION).order_by("pk"))
    assert department is not None, "the plan names no department"
    providers = providers_fill(world)
    activities = activities_plan(world, count, tasks, department, associations, providers)
    Activity.objects.bulk_create(activities)
    co_organised = [
        Activity.co_organisers.through(activity_id=activity.pk, agency_id=rng.choice(associations).pk)
        for activity in activities
        if activity.kind in ATTENDED_KINDS and associations and activity.organiser == department and rng.random() < 0.4
    ]
    Activity.co_organisers.through.objects.bulk_create(co_organised)
    people = participants_fill(world, firms, activities, participants)
    supports = supports_fill(world, firms, activities, providers)
    honours = honours_fill(world, activities)
    budgets_fill(world, list(tasks.values()))
    demo_task_updates_ensure(staff=staff, today=world.today)
    log(f"{len(activities)} activities, {people} participants, {supports} supports, {honours} honours")
    return len(activities), people, supports, honours


def providers_fill(world: World) -> list[Provider]:
    rows = [Provider(name=name, kind=kind, services=services) for name, kind, services in PROVIDERS]
    for number in range(9):
        kind = [ProviderKind.SOLUTION, ProviderKind.CONSULTANT, ProviderKind.BOTH][number % 3]
        rows.append(Provider(
            name=f"Công ty Cổ phần Giải pháp số {world.rng.choice(WORDS)} {world.rng.choice(WORDS)} {number + 1}",
            kind=kind, services=world.rng.sample(["ERP", "kế toán", "hóa đơn điện tử", "CRM", "website",
                                                  "sàn thương mại điện tử", "an toàn thông tin"], k=2),
            contact_person=world.person(), phone=f"0262 {world.rng.randrange(1000000, 9999999)}",
        ))  # fmt: skip
    return Provider.objects.bulk_create(rows)


def activities_plan(
    world: World,
    count: int,
    tasks: dict[str, Task],
    department: Agency,
    associations: list[Agency],
    providers: list[Provider],
) -> list[Activity]:
    rng = world.rng
    span = (world.today + timedelta(days=45) - world.first_day).days
    kinds: list[tuple[ActivityKind, list[str]]] = []
    honouring = min(3, count)
    total_share = sum(share for _kind, share, _tasks in KINDS)
    for kind, share, numbers in KINDS:
        kinds += [(kind, numbers)] * round((count - honouring) * share / total_share)
    kinds = (kinds + [(ActivityKind.TRAINING, ["6"])] * count)[: count - honouring]
    starts = sorted(world.first_day + timedelta(days=rng.randrange(span)) for _ in kinds)
    rng.shuffle(kinds)
    plans = [(kind, numbers, day) for (kind, numbers), day in zip(kinds, starts, strict=True)]
    plans += [(ActivityKind.HONOURING, ["8"], date(world.year - 2 + offset, 12, 12)) for offset in range(honouring)]
    activities = []
    for kind, numbers, starts_on in plans:
        held = starts_on < world.today
        status = ActivityStatus.HELD if held else ActivityStatus.PLANNED
        if kind != ActivityKind.HONOURING and rng.random() < 0.03:
            status = ActivityStatus.CANCELLED
        attended = kind in ATTENDED_KINDS
        organiser = rng.choice(associations) if attended and associations and rng.random() < 0.4 else department
        number = rng.choice(numbers)
        activities.append(Activity(
            kind=kind,
            title=f"{rng.choice(TITLES[kind])} ({starts_on:%m/%Y})",
            status=status,
            task=tasks.get(number) or (rng.choice(list(tasks.values())) if tasks else None),
            organiser=organiser,
            starts_on=starts_on,
            ends_on=starts_on + timedelta(days=rng.choice([0, 1, 1, 2]) if kind == ActivityKind.TRAINING else 0),
            place=rng.choice(PLACES) if attended or kind == ActivityKind.HONOURING else "",
            topics=rng.sample(["chuyển đổi số", "DBI", "thương mại điện tử", "kế toán số", "an toàn thông tin"],
                              k=rng.randint(1, 3)),
            cost=Decimal(rng.randrange(10, 250)),
            capacity=rng.choice([100, 150, 200, 250]) if attended else None,
            audience="Doanh nghiệp nhỏ và vừa, hộ kinh doanh" if attended else "",
            reach=rng.randrange(2_000, 60_000) if kind == ActivityKind.OUTREACH and held else None,
            channel=rng.choice(CHANNELS) if kind == ActivityKind.OUTREACH else "",
            provider=rng.choice(providers) if kind in SUPPORT_KINDS else None,
            outcome="Doanh nghiệp được tư vấn và kết nối giải pháp phù hợp." if kind in SUPPORT_KINDS and held else "",
            created_by=world.users["staff"],
        ))  # fmt: skip
    return activities


def picker(world: World, firms: list[Firm]) -> Iterator[int]:
    """Enterprise ids for attendance and support: those that assessed themselves come more often."""
    rng = world.rng
    usable = [firm for firm in firms if firm.assessable]
    assessed = [firm for firm in usable if firm.last is not None] or usable
    while True:
        yield rng.choice(assessed if rng.random() < 0.4 else usable).id


def participants_fill(world: World, firms: list[Firm], activities: list[Activity], total: int) -> int:
    rng = world.rng
    courses = [a for a in activities if a.kind in ATTENDED_KINDS and a.status != ActivityStatus.CANCELLED]
    if not courses:
        return 0
    # Planned courses have only their first registrations.
    weights = [(a.capacity or 100) * rng.uniform(0.6, 1.1) * (0.4 if a.status == "planned" else 1) for a in courses]
    sizes = [int(total * weight / sum(weights)) for weight in weights]
    sizes[0] += total - sum(sizes)
    featured = Enterprise.objects.filter(accounts__isnull=False).values_list("id", flat=True).first()
    ids = picker(world, firms)
    rows: list[dict[str, Any]] = []
    for number, (activity, size) in enumerate(zip(courses, sizes, strict=True)):
        people: dict[tuple[int, str], dict[str, Any]] = {}
        held = activity.status == ActivityStatus.HELD
        registered = world.moment(activity.starts_on - timedelta(days=rng.randrange(2, 20)))
        enterprise = featured if featured and number % 10 == 0 else next(ids)
        while len(people) < size:
            name = world.person()
            status = (
                rng.choices([AttendanceStatus.ATTENDED, AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED],
                            weights=[85, 10, 5])[0]
                if held
                else AttendanceStatus.REGISTERED
            )  # fmt: skip
            people.setdefault((enterprise, person_key(name)), {
                "uuid": world.new_uuid(),
                "activity_id": activity.pk,
                "enterprise_id": enterprise,
                "person_name": name,
                "person_key": person_key(name),
                "position": rng.choice(POSITIONS),
                "phone": f"09{rng.randrange(10_000_000, 99_999_999)}",
                "email": f"hocvien{len(rows) + len(people)}@example.vn" if rng.random() < 0.3 else "",
                "status": status,
                "certificate_number": (
                    f"{len(people) + 1}/GCN-{activity.starts_on.year}"
                    if held and status == AttendanceStatus.ATTENDED and activity.kind == ActivityKind.TRAINING
                    else ""
                ),
                "created_at": registered,
                "updated_at": world.moment(activity.ends_on) if held else registered,
            })  # fmt: skip
            if rng.random() < 0.75:  # most enterprises send one person, some two or three
                enterprise = next(ids)
        rows.extend(people.values())
    return copy_rows(Participant, rows)


def supports_fill(world: World, firms: list[Firm], activities: list[Activity], providers: list[Provider]) -> int:
    rng = world.rng
    ids = picker(world, firms)
    rows: dict[tuple[int, int, int], dict[str, Any]] = {}
    for activity in activities:
        if activity.kind not in SUPPORT_KINDS or activity.status != ActivityStatus.HELD:
            continue
        for _ in range(rng.randint(5, 40)):
            provider = activity.provider if rng.random() < 0.7 and activity.provider else rng.choice(providers)
            enterprise = next(ids)
            rows.setdefault((activity.pk, enterprise, provider.pk), {
                "uuid": world.new_uuid(),
                "activity_id": activity.pk,
                "enterprise_id": enterprise,
                "provider_id": provider.pk,
                "outcome": rng.choices(SupportOutcome.values, weights=[30, 30, 15, 15, 10])[0],
                "note": "Doanh nghiệp đề nghị hỗ trợ tiếp năm sau." if rng.random() < 0.1 else "",
                "created_at": world.moment(activity.ends_on),
            })  # fmt: skip
    return copy_rows(Support, rows.values())


def honours_fill(world: World, activities: list[Activity]) -> int:
    """At each held ceremony, the year's leading candidates as the portal proposes them."""
    honours = []
    for ceremony in activities:
        if ceremony.kind != ActivityKind.HONOURING or ceremony.status != ActivityStatus.HELD:
            continue
        year = ceremony.starts_on.year
        for rank, candidate in enumerate(candidates(filters_for(Period.of_year(year)), limit=15)):
            honours.append(Honour(
                year=year, enterprise=candidate.enterprise, activity=ceremony, criteria=candidate.criteria(year),
                category=HonourCategory.TOP_LEVEL if rank < 5 else HonourCategory.TYPICAL,
                decided_by=world.users["staff"],
            ))  # fmt: skip
    return len(Honour.objects.bulk_create(honours))


def budgets_fill(world: World, tasks: list[Task]) -> None:
    """Each task's provincial budget every year, with central money or sponsors for some."""
    rng = world.rng
    lines = []
    for task, year in itertools.product(tasks, range(world.year - 2, world.year + 1)):
        lines.append(
            Budget(task=task, year=year, source=BudgetSource.PROVINCIAL, estimate=Decimal(rng.randrange(400, 1500)))
        )
        if rng.random() < 0.3:
            lines.append(
                Budget(task=task, year=year, source=BudgetSource.CENTRAL, estimate=Decimal(rng.randrange(300, 1500)))
            )
        if rng.random() < 0.15:
            lines.append(
                Budget(task=task, year=year, source=BudgetSource.SPONSOR, estimate=Decimal(rng.randrange(50, 300)))
            )
    Budget.objects.bulk_create(lines)


if __name__ == "__main__":
    main()
