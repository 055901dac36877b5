"""Part D answers shown as demand, next to the activities that answer it."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone
from django_tenants.utils import schema_context

from assessments.models import Assessment
from assessments.selectors import model_version_published
from campaigns.demand import support_demand
from campaigns.models import Activity, Agency
from enterprises.models import Enterprise
from enterprises.services import enterprise_save
from tests.campaigns.test_programme import KNOWN, OTHER
from tests.conftest import World, client_for


def test_support_wanted_counts_each_enterprise_once_from_its_latest_counted_assessment(world: World, db: None) -> None:
    with schema_context(world.province_a.schema_name):
        version = model_version_published(key="qd1970-sme")
        first = enterprise_save(enterprise=Enterprise(tax_code=KNOWN, name="Công ty Gỗ Tân Phong"), user=world.admin_a)
        second = enterprise_save(enterprise=Enterprise(tax_code=OTHER, name="Công ty Phần mềm"), user=world.admin_a)
        now = timezone.now()

        def assessed(enterprise: Enterprise, support: list[str], state: str, days_ago: int) -> None:
            Assessment.objects.create(
                enterprise=enterprise, version=version, state=state, part_d={"support": support},
                submitted_at=now - timedelta(days=days_ago),
            )  # fmt: skip

        assessed(first, ["D5", "D3"], "validated", 300)  # an older answer
        assessed(first, ["D5"], "validated", 10)  # its latest
        assessed(second, ["D5"], "validated", 5)
        assessed(second, ["D1"], "draft", 1)  # a draft does not count
        agency = Agency.objects.create(key="so", name="Sở")
        day = date(timezone.localdate().year, 1, 15)
        Activity.objects.create(
            kind="training", title="Lớp", organiser=agency, starts_on=day, ends_on=day, status="held"
        )
        demand = {item.code: item for item in support_demand(day.year)}
    assert set(demand) == {"D5"}
    assert demand["D5"].enterprises == 2
    assert ("Khóa đào tạo, tập huấn", 1) in demand["D5"].kinds
    page = client_for(world.province_a, world.staff_a).get("/programme/demand/", {"code": "D5"}).content.decode()
    assert "Công ty Gỗ Tân Phong" in page
    assert "Công ty Phần mềm" in page


def test_another_provinces_staff_see_none_of_this_demand(world: World, db: None) -> None:
    with schema_context(world.province_a.schema_name):
        version = model_version_published(key="qd1970-sme")
        enterprise = enterprise_save(
            enterprise=Enterprise(tax_code=KNOWN, name="Công ty Đồng Nai Cần"), user=world.admin_a
        )
        Assessment.objects.create(
            enterprise=enterprise, version=version, state="validated", part_d={"support": ["D5"]},
            submitted_at=timezone.now(),
        )  # fmt: skip
    client_b = client_for(world.province_b, world.admin_b)
    for url in ("/programme/demand/?code=D5", "/programme/kpi/", "/programme/activities/", "/programme/providers/"):
        response = client_b.get(url)
        assert response.status_code == 200, url
        assert "Công ty Đồng Nai Cần" not in response.content.decode(), url
    assert "Chưa có bản đánh giá được tính nào" in client_b.get("/programme/kpi/").content.decode()
