"""Part D answers shown as demand, next to the activities that answer it."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django_tenants.utils import schema_context

from assessments.models import Assessment
from assessments.selectors import model_version_published
from campaigns.models import Activity, Agency
from enterprises.models import Enterprise
from enterprises.services import enterprise_save
from reporting.statistics.counting import Period, filters_for
from reporting.statistics.demand import demand as support_demand
from tests.campaigns.test_programme import KNOWN, OTHER
from tests.conftest import World, client_for

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def test_support_wanted_counts_each_enterprise_once_from_its_latest_counted_assessment(world: World, db: None) -> None:
    with schema_context(world.province_a.schema_name):
        version = model_version_published(key="qd1970-sme")
        first = enterprise_save(enterprise=Enterprise(tax_code=KNOWN, name="Công ty Gỗ Tân Phong"), user=world.admin_a)
        second = enterprise_save(enterprise=Enterprise(tax_code=OTHER, name="Công ty Phần mềm"), user=world.admin_a)

        def assessed(enterprise: Enterprise, support: list[str], state: str, day: date) -> None:
            Assessment.objects.create(
                enterprise=enterprise, version=version, state=state, part_d={"support": support},
                submitted_at=datetime(day.year, day.month, day.day, 9, tzinfo=HANOI),
            )  # fmt: skip

        assessed(first, ["D5", "D3"], "validated", date(2026, 2, 1))  # an older answer of the year
        assessed(first, ["D5"], "validated", date(2026, 9, 1))  # its latest
        assessed(second, ["D5"], "validated", date(2026, 10, 1))
        assessed(second, ["D1"], "draft", date(2026, 11, 1))  # a draft does not count
        assessed(second, ["D4"], "validated", date(2025, 6, 1))  # another year
        agency = Agency.objects.create(key="so", name="Sở")
        for day, status in ((date(2026, 1, 15), "held"), (date(2026, 2, 15), "planned"), (date(2025, 3, 1), "held")):
            Activity.objects.create(
                kind="training", title="Lớp", organiser=agency, starts_on=day, ends_on=day, status=status
            )
        demand = {item.code: item for item in support_demand(filters_for(Period.of_year(2026)))}
        last_year = {item.code: item.enterprises for item in support_demand(filters_for(Period.of_year(2025)))}
    assert set(demand) == {"D5"}
    assert (demand["D5"].enterprises, demand["D5"].percent) == (2, 100.0)
    assert ("Khóa đào tạo, tập huấn", 1) in demand["D5"].kinds  # the course held in 2026, not the planned one
    assert last_year == {"D4": 1}
    staff = client_for(world.province_a, world.staff_a)
    page = staff.get("/programme/demand/", {"code": "D5", "year": "2026"}).content.decode()
    assert "Công ty Gỗ Tân Phong" in page
    assert "Công ty Phần mềm" in page
    assert "Công ty Phần mềm" not in staff.get("/programme/demand/", {"code": "D1", "year": "2026"}).content.decode()
    assert staff.get("/programme/demand/", {"code": "D9", "year": "2026"}).status_code == 404


def test_another_provinces_staff_see_none_of_this_demand(world: World, db: None) -> None:
    with schema_context(world.province_a.schema_name):
        version = model_version_published(key="qd1970-sme")
        enterprise = enterprise_save(
            enterprise=Enterprise(tax_code=KNOWN, name="Công ty Đồng Nai Cần"), user=world.admin_a
        )
        Assessment.objects.create(
            enterprise=enterprise, version=version, state="validated", part_d={"support": ["D5"]},
            submitted_at=datetime.now(HANOI),
        )  # fmt: skip
    client_b = client_for(world.province_b, world.admin_b)
    for url in ("/programme/demand/?code=D5", "/programme/kpi/", "/programme/activities/", "/programme/providers/"):
        response = client_b.get(url)
        assert response.status_code == 200, url
        assert "Công ty Đồng Nai Cần" not in response.content.decode(), url
    assert "Chưa có bản đánh giá được tính nào" in client_b.get("/programme/kpi/").content.decode()
