"""The ministry's rollup: aggregates only, side by side, from snapshots stored in the public schema."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.models import User
from accounts.roles import NationalRole
from accounts.services import user_create
from reporting.national.models import ProvinceSnapshot, SubmittedReport
from reporting.national.selectors import pillar_median, rollup
from reporting.national.services import snapshot_take, snapshots_refresh
from reporting.yearly.models import YearlyReport
from reporting.yearly.services import report_start, report_submit, version_build
from tenants.models import Province
from tests.conftest import World
from tests.reporting.statistics.scene import Scene


def _public(user: User | None = None) -> Client:
    client = Client(HTTP_HOST="localhost")
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def ministry(world: World, db: None) -> User:
    return user_create(email="vu@mst.gov.vn", role=NationalRole.MINISTRY_VIEWER, full_name="Vụ Kinh tế số")


def _data(counted: int, levels: list[int], pillars: list[float | None], trained: int, target: int) -> dict[str, Any]:
    return {
        "registry": 100 * counted, "counted": counted, "levels": levels, "average_level": 0,
        "pillars": [
            {"code": str(i + 1), "name": {"vi": f"T{i}", "en": f"P{i}"}, "percent": p} for i, p in enumerate(pillars)
        ],
        "reached": {"trained": trained},
        "targets": [{"unit": "enterprises_trained", "minimum": target}, {"unit": "courses_held", "minimum": 9}],
    }  # fmt: skip


def test_a_snapshot_keeps_aggregates_and_no_enterprise(world: World, scene: Scene) -> None:
    snapshot = snapshot_take(province=world.province_a, year=2026)
    text = json.dumps(snapshot.data, ensure_ascii=False)
    for enterprise in (scene.e1, scene.e2, scene.e3, scene.e4):
        assert enterprise.tax_code not in text
        assert enterprise.name not in text
    assert snapshot.data["counted"] == 4
    assert snapshot.data["levels"] == [1, 1, 1, 1, 0, 0]


def test_the_rollup_sums_weights_and_takes_medians(world: World, db: None, settings: Any) -> None:
    settings.STATS_MIN_CELL = 1  # small cells shown: this checks the sums (their hiding: the next test)
    now = timezone.now()
    a = _data(2, [0, 1, 1, 0, 0, 0], [50, 40], 30, 300)
    b = _data(6, [1, 1, 1, 3, 0, 0], [10, None], 5, 100)
    ProvinceSnapshot.objects.create(province=world.province_a, year=2026, kind="live", computed_at=now, data=a)
    ProvinceSnapshot.objects.create(province=world.province_b, year=2026, kind="live", computed_at=now, data=b)
    total = rollup(2026, today=date(2026, 6, 1))["total"]
    assert total["counted"] == 8
    assert total["levels"] == [1, 2, 2, 3, 0, 0]
    # (0·1 + 1·2 + 2·2 + 3·3) / 8 = 15 / 8
    assert total["average_level"] == 1.88
    # Pillar 1 weighted by the enterprises counted: (50·2 + 10·6) / 8 = 20; median of 50 and 10 = 30.
    assert (total["pillars"][0]["average"], total["pillars"][0]["median"]) == (20.0, 30.0)
    assert (total["pillars"][1]["average"], total["pillars"][1]["median"]) == (40.0, 40.0)  # B has no figure
    assert (total["trained"], total["trained_target"]) == (35, 400)
    assert pillar_median(2026) == [30.0, 40.0]
    assert pillar_median(2019) is None


def test_the_ministry_sees_no_cell_of_fewer_than_five_enterprises(world: World, db: None) -> None:
    now = timezone.now()
    a = _data(2, [0, 1, 1, 0, 0, 0], [50, 40], 30, 300)
    b = _data(36, [1, 10, 11, 14, 0, 0], [10, None], 5, 100)
    ProvinceSnapshot.objects.create(province=world.province_a, year=2026, kind="live", computed_at=now, data=a)
    ProvinceSnapshot.objects.create(province=world.province_b, year=2026, kind="live", computed_at=now, data=b)
    data = rollup(2026, today=date(2026, 6, 1))
    small, large = sorted(data["provinces"], key=lambda row: row["slug"])  # dong-nai (a), thanh-hoa (b)
    assert (small["counted"], small["levels"], small["average_level"], small["pillars"]) == (
        "<5", [0, "<5", "<5", 0, 0, 0], None, [None, None],
    )  # fmt: skip
    # One hidden cell would be worked out from the total: the next smallest is hidden with it.
    assert large["levels"] == ["<5", "<5", 11, 14, 0, 0]
    assert (large["counted"], large["trained"]) == (36, 5)
    # The nation's total is summed from the exact figures, then shown by the same rule.
    assert (data["total"]["counted"], data["total"]["levels"]) == (38, ["<5", "<5", 12, 14, 0, 0])


def test_report_status_is_submitted_late_or_due(world: World, scene: Scene, settings: Any) -> None:
    settings.STATS_MIN_CELL = 1  # the scene's 4 enterprises are shown
    Province.objects.filter(pk=world.province_a.pk).update(ministry_report_day=15, ministry_report_month=12)
    Province.objects.filter(pk=world.province_b.pk).update(ministry_report_day=15, ministry_report_month=11)
    statuses = {row["slug"]: row["report"]["status"] for row in rollup(2026, today=date(2026, 11, 20))["provinces"]}
    assert statuses == {"dong-nai": "due", "thanh-hoa": "late"}
    with schema_context(world.province_a.schema_name):
        report = report_start(year=2026, user=world.admin_a)
        YearlyReport.objects.filter(pk=report.pk).update(number="7/BC-SKHCN")
        report.refresh_from_db()
        report_submit(version=version_build(report=report, user=world.admin_a), user=world.admin_a)
    row = next(r for r in rollup(2026, today=date(2026, 12, 20))["provinces"] if r["slug"] == "dong-nai")
    assert row["report"]["status"] == "submitted"
    assert row["report"]["number"] == "7/BC-SKHCN"
    assert row["snapshot"] == "submitted"
    assert row["counted"] == 4  # the report's own numbers


def test_the_ministry_reads_the_rollup_and_the_submitted_pdf(world: World, scene: Scene, ministry: User) -> None:
    with schema_context(world.province_a.schema_name):
        report = report_start(year=2026, user=world.admin_a)
        YearlyReport.objects.filter(pk=report.pk).update(number="8/BC-SKHCN")
        report.refresh_from_db()
        report_submit(version=version_build(report=report, user=world.admin_a), user=world.admin_a)
    assert SubmittedReport.objects.filter(province=world.province_a, year=2026).exists()
    snapshots_refresh(year=2026)
    Province.objects.filter(pk=world.province_b.pk).update(ministry_report_day=15, ministry_report_month=11)
    client = _public(ministry)
    page = client.get("/national/?year=2026").content.decode()
    assert "15/11/2026" in page  # Thanh Hóa's deadline, due or late depending on today
    assert "Đồng Nai" in page
    assert "Thanh Hóa" in page
    assert "8/BC-SKHCN" in page
    for enterprise in (scene.e1, scene.e2):
        assert enterprise.name not in page
    pdf = client.get("/national/reports/dong-nai/2026/")
    assert pdf.status_code == 200
    assert pdf.getvalue().startswith(b"%PDF")
    assert client.get("/national/reports/thanh-hoa/2026/").status_code == 404


def test_only_ministry_viewers_and_superadmins_see_the_rollup(world: World, db: None) -> None:
    anonymous = _public().get("/national/")
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/")
    nobody = User.objects.create_user("someone@localhost", "x-password-2026")
    assert _public(nobody).get("/national/").status_code == 404
    root = User.objects.create_superuser("root@localhost", "root-password-2026")
    assert _public(root).get("/national/").status_code == 200
    # The rollup is not a page of a province's site.
    from tests.conftest import client_for

    assert client_for(world.province_a, world.admin_a).get("/national/").status_code == 404


def test_the_nightly_refresh_takes_every_provinces_live_snapshot(world: World, scene: Scene) -> None:
    assert snapshots_refresh(year=2026) == 2
    live = {s.province.slug: s.data["counted"] for s in ProvinceSnapshot.objects.filter(year=2026, kind="live")}
    assert live == {"dong-nai": 4, "thanh-hoa": 0}
