"""Deterministic demo programme for `seed_demo`: the province's plan from its seed document, and a
year and a half of activities — courses and workshops with attendance, outreach with reach."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

import yaml
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from campaigns.models import (
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
    CourseSignup,
    Honour,
    HonourCategory,
    Participant,
    Provider,
    SignupStatus,
    Support,
    SupportOutcome,
    TargetUnit,
    Task,
    TaskUpdate,
)
from campaigns.selectors import PLAN_FILES, person_key
from campaigns.services import plan_load
from core.cache import figures_changed
from enterprises.models import Enterprise, EnterpriseAccount

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Thanh", "Quốc", "Hữu", "Thu"]
GIVEN = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hùng", "Lan", "Linh", "Nam", "Phương", "Quân", "Trang"]
POSITIONS = ["Giám đốc", "Phó giám đốc", "Kế toán trưởng", "Trưởng phòng kinh doanh", "Nhân viên IT"]
PROVIDERS = [
    ("Công ty Giải pháp Phần mềm Quản trị (demo)", "solution", ["ERP", "kế toán", "hóa đơn điện tử"]),
    ("Trung tâm Tư vấn Chuyển đổi số (demo)", "consultant", ["đánh giá DBI", "lộ trình chuyển đổi số"]),
    ("Công ty Thương mại điện tử Việt (demo)", "both", ["sàn thương mại điện tử", "marketing số"]),
]
ACTIVITIES = [
    (ActivityKind.TRAINING, "Tập huấn tự đánh giá mức độ chuyển đổi số doanh nghiệp (DBI)"),
    (ActivityKind.TRAINING, "Khóa đào tạo ứng dụng phần mềm kế toán, hóa đơn điện tử"),
    (ActivityKind.TRAINING, "Tập huấn kỹ năng bán hàng trên sàn thương mại điện tử"),
    (ActivityKind.WORKSHOP, "Hội thảo chuyển đổi số doanh nghiệp nhỏ và vừa"),
    (ActivityKind.WORKSHOP, "Diễn đàn kết nối doanh nghiệp với nhà cung cấp giải pháp số"),
    (ActivityKind.OUTREACH, "Chuyên mục chuyển đổi số trên Đài Phát thanh và Truyền hình tỉnh"),
    (ActivityKind.OUTREACH, "Tờ rơi hướng dẫn tự đánh giá DBI"),
    (ActivityKind.SUPPORT_VISIT, "Khảo sát, hỗ trợ doanh nghiệp đánh giá mức độ chuyển đổi số"),
    (ActivityKind.MATCHMAKING, "Kết nối doanh nghiệp với giải pháp quản trị nguồn lực (ERP)"),
    (ActivityKind.ECOMMERCE, "Hỗ trợ doanh nghiệp đưa sản phẩm lên sàn thương mại điện tử"),
    (ActivityKind.HONOURING, "Tôn vinh doanh nghiệp chuyển đổi số tiêu biểu"),
]


def demo_plan_ensure(*, slug: str, association_user: User | None) -> None:
    """The province's plan from its file (loading again changes nothing); the demo association
    account works for the plan's first association."""
    path = PLAN_FILES / f"{slug}.yaml"
    if not path.exists():
        return
    plan_load(yaml.safe_load(path.read_text(encoding="utf-8")))
    association = Agency.objects.filter(kind=AgencyKind.ASSOCIATION).order_by("pk").first()
    if association_user is not None and association is not None:
        association.members.add(association_user)


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def _contact(rng: random.Random, name: str) -> dict[str, str]:
    """A person on a course's list: the name, its folded key, a position and a phone."""
    return {
        "person_name": name,
        "person_key": person_key(name),
        "position": rng.choice(POSITIONS),
        "phone": f"09{rng.randrange(10_000_000, 99_999_999)}",
    }


# Which target units an activity of each kind works towards: a course is logged under a task that
# trains enterprises, a consulting visit under one that supports them.
UNITS_SERVED = {
    ActivityKind.TRAINING: {TargetUnit.ENTERPRISES_TRAINED, TargetUnit.COURSES_HELD},
    ActivityKind.WORKSHOP: {TargetUnit.WORKSHOPS_HELD},
    ActivityKind.OUTREACH: {TargetUnit.OUTREACH_REACH},
    **{kind: {TargetUnit.ENTERPRISES_SUPPORTED} for kind in SUPPORT_KINDS},
}


def _tasks_by_kind(tasks: list[Task]) -> dict[str, list[Task]]:
    """For each activity kind, the plan's tasks with a target that kind of activity counts towards."""
    units = {task.pk: set(task.targets.values_list("unit", flat=True)) for task in tasks}
    return {kind: [task for task in tasks if units[task.pk] & served] for kind, served in UNITS_SERVED.items()}


def _pick(tasks: list[Task], number: int) -> Task | None:
    return tasks[number % len(tasks)] if tasks else None


def demo_activities_ensure(*, staff: User, seed: str, count: int = 36, today: date | None = None) -> int:
    """Activities over the last 18 months (some still to come), once per province; `seed` (the
    province's slug) gives each province its own, repeatable, costs and attendance."""
    if Activity.objects.exists() or not Agency.objects.exists():
        return 0
    rng = random.Random(f"dbi-demo-activities-{seed}")
    today = today or date.today()
    association = Agency.objects.filter(kind=AgencyKind.ASSOCIATION).order_by("pk").first()
    department = (
        Agency.objects.filter(kind=AgencyKind.DEPARTMENT).order_by("pk").first()
        or Agency.objects.order_by("pk").first()
    )
    assert department is not None  # there are agencies (checked above)
    tasks = list(Task.objects.order_by("position"))
    fitting = _tasks_by_kind(tasks)
    enterprise_ids = list(
        Enterprise.objects.filter(archived_at__isnull=True).order_by("pk").values_list("pk", flat=True)
    )
    # The demo enterprise account's own page lists the courses its people attended.
    featured = EnterpriseAccount.objects.order_by("pk").values_list("enterprise_id", flat=True).first()
    with transaction.atomic():
        providers = [
            Provider.objects.get_or_create(name=name, defaults={"kind": kind, "services": services})[0]
            for name, kind, services in PROVIDERS
        ]
        for number in range(count):
            kind, title = ACTIVITIES[number % len(ACTIVITIES)]
            starts = today - timedelta(days=540) + timedelta(days=round(number * 560 / count))
            organiser = association if kind in ATTENDED_KINDS and number % 2 == 0 and association else department
            held = starts < today
            activity = Activity.objects.create(
                kind=kind,
                title=f"{title} ({starts:%m/%Y})",
                status=ActivityStatus.HELD if held else ActivityStatus.PLANNED,
                task=_pick(fitting.get(kind) or tasks, number),
                organiser=organiser,
                starts_on=starts,
                ends_on=starts + timedelta(days=1 if kind == ActivityKind.TRAINING else 0),
                place="Hội trường Sở Khoa học và Công nghệ" if kind in ATTENDED_KINDS else "",
                topics=["chuyển đổi số", "DBI"] if number % 3 == 0 else ["chuyển đổi số"],
                cost=Decimal(rng.randrange(5, 120)),
                capacity=rng.choice([40, 60, 80]) if kind in ATTENDED_KINDS else None,
                audience="Doanh nghiệp nhỏ và vừa" if kind in ATTENDED_KINDS else "",
                reach=rng.randrange(2_000, 40_000) if kind == ActivityKind.OUTREACH and held else None,
                channel="Truyền hình" if kind == ActivityKind.OUTREACH else "",
                provider=providers[number % len(providers)] if kind == ActivityKind.MATCHMAKING else None,
                created_by=staff,
            )
            if kind in ATTENDED_KINDS and association and organiser != association and number % 3 == 0:
                activity.co_organisers.add(association)
            if kind in SUPPORT_KINDS and held and enterprise_ids:
                Support.objects.bulk_create(
                    Support(
                        activity=activity,
                        enterprise_id=enterprise_id,
                        provider=providers[(number + index) % len(providers)],
                        outcome=rng.choice(SupportOutcome.values),
                    )
                    for index, enterprise_id in enumerate(rng.sample(enterprise_ids, min(len(enterprise_ids), 8)))
                )
            if kind not in ATTENDED_KINDS or not enterprise_ids:
                continue
            participants = {}
            chosen = rng.sample(enterprise_ids, min(len(enterprise_ids), rng.randrange(12, 40)))
            if featured and number % 4 == 0 and featured not in chosen:
                chosen.append(featured)
            for enterprise_id in chosen:
                name = _person(rng)
                status = (
                    AttendanceStatus.REGISTERED
                    if not held
                    else rng.choices(
                        [AttendanceStatus.ATTENDED, AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED], [85, 10, 5]
                    )[0]
                )
                participants[(enterprise_id, person_key(name))] = Participant(
                    activity=activity, enterprise_id=enterprise_id, status=status, **_contact(rng, name)
                )
            Participant.objects.bulk_create(participants.values())
    return count


def demo_task_updates_ensure(*, staff: User, today: date | None = None) -> int:
    """Last year's updates from every lead agency, this year's from half of them (the others show
    as overdue once the province's deadline has passed)."""
    if TaskUpdate.objects.exists():
        return 0
    today = today or date.today()
    created = 0
    for index, task in enumerate(Task.objects.exclude(lead=None).order_by("position")):
        assert task.lead is not None
        for year, progress in ((today.year - 1, 100 if index % 3 else 80), (today.year, 40 + 10 * (index % 5))):
            if year == today.year and index % 2:
                continue
            TaskUpdate.objects.create(
                task=task,
                agency=task.lead,
                year=year,
                progress=progress,
                narrative=f"Đã triển khai nhiệm vụ “{task.title}” theo kế hoạch năm {year}.",
                figures="Số doanh nghiệp tham gia: " + str(50 + 17 * index),
                submitted_by=staff,
            )
            created += 1
    return created


def demo_budgets_ensure(*, approver: User | None = None, today: date | None = None) -> int:
    """Budget lines for every task, last year and this year (the plans state no amounts: these are demo
    figures): a provincial estimate for each, a central one for every third task; the finance
    department approved most of them, and last year's are settled."""
    if Budget.objects.exists():
        return 0
    today = today or date.today()
    now = timezone.now()
    lines = []
    for index, task in enumerate(Task.objects.order_by("plan", "position")):
        for year in (today.year - 1, today.year):
            sources = [(BudgetSource.PROVINCIAL, 150 + 50 * (index % 4))]
            if index % 3 == 0:
                sources.append((BudgetSource.CENTRAL, 300 + 100 * (index % 2)))
            for number, (source, figure) in enumerate(sources):
                estimate = Decimal(figure)
                # This year's central lines wait for approval; the rest were cut by a tenth or two.
                approved = None if year == today.year and number else estimate * Decimal(10 - index % 3) / 10
                settled = approved is not None and year < today.year  # about 95% of it, in whole millions
                settlement = (approved * Decimal("0.95")).quantize(Decimal(1)) if settled and approved else None
                by, at = (approver, now) if approved is not None else (None, None)
                line = Budget(task=task, year=year, source=source, estimate=estimate, approved=approved)
                line.approved_by, line.approved_at, line.settlement = by, at, settlement
                lines.append(line)
    Budget.objects.bulk_create(lines)
    figures_changed()  # bulk_create sends no model signal
    return len(lines)


def demo_honours_ensure(*, staff: User, today: date | None = None) -> int:
    """Last year's honours: the five leading candidates, with the criteria the portal proposed."""
    from campaigns.honours import honour_decision_set, honour_grant
    from reporting.statistics.counting import Period, filters_for
    from reporting.statistics.honours import candidates

    if Honour.objects.exists():
        return 0
    honour_year = (today or date.today()).year - 1
    chosen = candidates(filters_for(Period.of_year(honour_year)), limit=5)
    if not chosen:  # a province that started assessing this year
        honour_year += 1
        chosen = candidates(filters_for(Period.of_year(honour_year)), limit=5)
    # One decision of the People's Committee honours them all, in mid-December (or today, if sooner).
    decided = min(date(honour_year, 12, 15), today or date.today())
    for candidate in chosen:
        honour = honour_grant(
            year=honour_year, enterprise=candidate.enterprise, category=HonourCategory.TOP_LEVEL,
            criteria=candidate.criteria(honour_year), user=staff,
        )  # fmt: skip
        honour_decision_set(honour=honour, number=f"{2100 + honour_year % 100}/QĐ-UBND", day=decided, user=staff)
    return len(chosen)


# Partner agencies with their own accounts (issue 18): <name>@<slug>.localhost, the demo password.
PARTNER_ACCOUNTS = [
    ("bao", "Phóng viên Báo tỉnh", "newspaper"),
    ("so-tai-chinh", "Chuyên viên Sở Tài chính", "so-tc"),
    ("so-khdt", "Chuyên viên Sở Kế hoạch và Đầu tư", "so-khdt"),
    ("ubnd-xa", "Cán bộ UBND phường", "commune"),
]


def _partner_agencies(role: str) -> list[Agency]:
    if role == "newspaper":  # the province's newspaper, and the press as a whole where the plan names only that
        return list(Agency.objects.filter(Q(key__startswith="bao-") | Q(key="co-quan-bao-dai")).order_by("key"))
    if role == "commune":  # a ward's People's Committee scoped to two wards, made for the demo
        return []
    return list(Agency.objects.filter(key=role))


def demo_partner_accounts_ensure(*, slug: str, base: str, password: str, staff: User, today: date | None = None) -> int:
    """A newspaper, Sở Tài chính, Sở Kế hoạch và Đầu tư and a ward's People's Committee (scoped to two
    wards) with an account each, their own activities and this year's updates of the tasks they lead
    or help with (Sở Kế hoạch và Đầu tư's still missing, so the overview shows it overdue once the
    deadline has passed). Each account once."""
    from accounts.roles import Role
    from accounts.services import user_create
    from campaigns.services import agency_set_member, agency_set_wards, task_update_save
    from reference.models import Ward
    from tenants.selectors import current_province

    today = today or date.today()
    wards = list(Ward.objects.filter(province__code=current_province().code).order_by("code")[:2])
    created = 0
    with transaction.atomic():
        for name, full_name, role in PARTNER_ACCOUNTS:
            if User.objects.filter(email=f"{name}@{slug}.{base}").exists():
                continue
            agencies = _partner_agencies(role)
            if role == "commune" and len(wards) == 2:
                agency, _new = Agency.objects.get_or_create(
                    key="ubnd-demo-phuong",
                    defaults={"name": f"UBND {wards[0].unit_type.lower()} {wards[0].name}", "kind": AgencyKind.COMMUNE},
                )
                agency_set_wards(agency=agency, ward_codes=[ward.code for ward in wards], user=staff)
                agencies = [agency]
            if not agencies:
                continue
            agency = agencies[0]
            user = user_create(email=f"{name}@{slug}.{base}", role=Role.ASSOCIATION, full_name=full_name,
                               password=password)  # fmt: skip
            for each in agencies:
                agency_set_member(agency=each, member=user, add=True, user=staff)
            created += 1
            if role == "newspaper":
                for number, (title, channel, reach) in enumerate(
                    [("Chuyên mục Chuyển đổi số doanh nghiệp", "Báo in và báo điện tử", 85_000),
                     ("Loạt phóng sự doanh nghiệp chuyển đổi số tiêu biểu", "Báo điện tử, mạng xã hội", 42_000)]
                ):  # fmt: skip
                    starts = today - timedelta(days=90 - 30 * number)
                    task = (
                        Task.objects.filter(Q(lead__in=agencies) | Q(coordinating__in=agencies))
                        .order_by("position", "pk")
                        .first()
                    )
                    Activity.objects.create(
                        kind=ActivityKind.OUTREACH, title=title, status=ActivityStatus.HELD, task=task,
                        organiser=agency, starts_on=starts, ends_on=starts + timedelta(days=27), reach=reach,
                        channel=channel, topics=["chuyển đổi số"], created_by=user,
                    )  # fmt: skip
            if role == "commune":
                starts = today - timedelta(days=20)
                workshop = Activity.objects.create(
                    kind=ActivityKind.WORKSHOP, title="Hội nghị phổ biến chuyển đổi số cho doanh nghiệp trên địa bàn",
                    status=ActivityStatus.HELD, organiser=agency, starts_on=starts, ends_on=starts,
                    place=f"Hội trường {agency.name}", capacity=60, created_by=user,
                )  # fmt: skip
                local = Enterprise.objects.filter(ward__in=wards, archived_at__isnull=True).order_by("pk")[:2]
                for index, enterprise in enumerate(local):
                    name = f"{FAMILY[index]} {MIDDLE[index]} {GIVEN[index]}"
                    Participant.objects.create(
                        activity=workshop, enterprise=enterprise, person_name=name, person_key=person_key(name),
                        position=POSITIONS[index], status=AttendanceStatus.ATTENDED,
                    )  # fmt: skip
            if role in ("so-tc", "so-khdt"):
                continue  # Sở Tài chính has no task of its own; Sở KH&ĐT's update is the one still missing
            for task, each in [
                (task, partner)
                for partner in agencies
                for task in Task.objects.filter(Q(lead=partner) | Q(coordinating=partner)).distinct().order_by("pk")
            ][:3]:
                task_update_save(
                    task=task, agency=each, year=today.year, progress=60,
                    narrative=f"{each.name} đã thực hiện phần việc được giao của nhiệm vụ “{task.title}”.",
                    figures="Số tin, bài đã đăng: 24" if role == "newspaper" else "", user=user,
                )  # fmt: skip
    return created


COURSES_OPEN = [
    # (kind, title, starts in days, deadline days before it starts, seats, online)
    (ActivityKind.TRAINING, "Tập huấn chuyển đổi số cho doanh nghiệp nhỏ và vừa (nhận đăng ký)", 14, 4, 30, False),
    (
        ActivityKind.WORKSHOP,
        "Hội thảo trực tuyến: ứng dụng hóa đơn điện tử và chữ ký số (nhận đăng ký)",
        25,
        None,
        80,
        True,
    ),
]


def demo_course_signups_ensure(*, seed: str, today: date | None = None) -> int:
    """Two coming courses open to sign-ups, each with a few enterprises' people signed up (some
    confirmed), once per province; the demo enterprise account has one person on the first, waiting
    for confirmation. Returns how many sign-ups were written."""
    if Activity.objects.filter(signup_open=True).exists() or not Agency.objects.exists():
        return 0
    rng = random.Random(f"dbi-demo-signups-{seed}")
    today = today or date.today()
    association = Agency.objects.filter(kind=AgencyKind.ASSOCIATION).order_by("pk").first()
    department = Agency.objects.filter(kind=AgencyKind.DEPARTMENT).order_by("pk").first()
    organisers = [association or department, department or association]
    enterprise_ids = list(
        Enterprise.objects.filter(archived_at__isnull=True, merged_into__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:400]
    )
    featured = EnterpriseAccount.objects.order_by("pk").select_related("user").first()
    signups: list[CourseSignup] = []
    with transaction.atomic():
        for number, (kind, title, days, before, seats, online) in enumerate(COURSES_OPEN):
            starts = today + timedelta(days=days)
            organiser = organisers[number]
            assert organiser is not None  # there are agencies (checked above)
            activity = Activity.objects.create(
                kind=kind, title=title, status=ActivityStatus.PLANNED, organiser=organiser, starts_on=starts,
                ends_on=starts, place="" if online else "Hội trường Sở Khoa học và Công nghệ",
                online_url="https://hop.example.vn/hoi-thao-hoa-don-dien-tu" if online else "",
                capacity=seats, audience="Chủ doanh nghiệp, kế toán, cán bộ phụ trách công nghệ thông tin",
                signup_open=True, signup_deadline=starts - timedelta(days=before) if before else None,
                topics=["chuyển đổi số"],
            )  # fmt: skip
            chosen = rng.sample(enterprise_ids, min(len(enterprise_ids), 6))
            if featured and number == 0 and featured.enterprise_id in chosen:
                chosen.remove(featured.enterprise_id)
            for index, enterprise_id in enumerate(chosen):
                for _person_number in range(1 + (index % 2)):
                    name = _person(rng)
                    status = SignupStatus.CONFIRMED if index < 3 else SignupStatus.REQUESTED
                    signups.append(
                        CourseSignup(
                            activity=activity, enterprise_id=enterprise_id, status=status, **_contact(rng, name)
                        )
                    )
            if featured and number == 0:
                signups.append(
                    CourseSignup(
                        activity=activity,
                        enterprise_id=featured.enterprise_id,
                        person_name="Nguyễn Thị Mai",
                        person_key=person_key("Nguyễn Thị Mai"),
                        position="Kế toán trưởng",
                        phone="0912 345 678",
                        email=featured.user.email,
                        created_by=featured.user,
                    )
                )
        # A name drawn twice for one enterprise is one person: keep the first.
        unique = {(s.activity_id, s.enterprise_id, s.person_key): s for s in reversed(signups)}
        CourseSignup.objects.bulk_create(unique.values())
    return len(unique)
