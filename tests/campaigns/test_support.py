"""The consulting network and the support enterprises received from it."""

from __future__ import annotations

from datetime import date

from django_tenants.utils import schema_context

from campaigns.models import Activity, Agency, Plan, Provider, Support, Target, Task
from enterprises.models import Enterprise
from enterprises.services import enterprise_save
from reporting.statistics import selectors as stats
from reporting.statistics.counting import Period, filters_for
from reporting.statistics.targets import achievements
from tests.campaigns.test_programme import KNOWN, UNKNOWN
from tests.conftest import World, client_for


def test_staff_record_matchmaking_with_a_provider_and_the_enterprise_page_shows_it(world: World, db: None) -> None:
    staff = client_for(world.province_a, world.staff_a)
    response = staff.post(
        "/programme/providers/new/",
        {"name": "Công ty ERP Biên Hòa", "kind": "solution", "services_text": "ERP, kế toán", "active": "on"},
    )
    assert response.status_code == 302
    with schema_context(world.province_a.schema_name):
        provider = Provider.objects.get(name="Công ty ERP Biên Hòa")
        assert provider.services == ["ERP", "kế toán"]
        agency = Agency.objects.create(key="so", name="Sở Khoa học và Công nghệ")
        plan = Plan.objects.create(number="KH", title="Kế hoạch")
        task = Task.objects.create(plan=plan, number="4", title="Hỗ trợ doanh nghiệp", lead=agency)
        Target.objects.create(task=task, unit="enterprises_supported", minimum=10, maximum=10)
        day = date(2026, 7, 1)
        activity = Activity.objects.create(
            kind="matchmaking", title="Kết nối ERP", organiser=agency, task=task, starts_on=day, ends_on=day,
            status="held", provider=provider,
        )  # fmt: skip
        enterprise = enterprise_save(
            enterprise=Enterprise(tax_code=KNOWN, name="Công ty Gỗ Tân Phong"), user=world.admin_a
        )
    url = f"/programme/activities/{activity.uuid}/support/"
    form = {"tax_code": KNOWN, "provider": provider.pk, "outcome": "agreed", "note": "Ký hợp đồng thử"}
    staff.post(url, form)
    staff.post(url, form | {"outcome": "deployed"})  # the outcome moved on: one record, updated
    unknown = staff.post(url, form | {"tax_code": UNKNOWN}, follow=True).content.decode()
    assert "không có trong danh bạ doanh nghiệp của tỉnh" in unknown
    with schema_context(world.province_a.schema_name):
        assert list(Support.objects.values_list("enterprise__tax_code", "outcome")) == [(KNOWN, "deployed")]
        [achievement] = achievements(filters_for(Period.of_year(2026)))
        assert achievement.achieved == 1
        by_kind = {row["kind"]: row for row in stats.activities(filters_for(Period.of_year(2026)))}
        assert (by_kind["matchmaking"]["held"], by_kind["matchmaking"]["enterprises"]) == (1, 1)  # supported
    page = staff.get(f"/enterprises/{enterprise.uuid}/").content.decode()
    assert "Kết nối ERP" in page
    assert "Triển khai giải pháp" in page
    assert "Công ty Gỗ Tân Phong" in staff.get(f"/programme/providers/{provider.uuid}/").content.decode()


def test_a_training_course_records_attendance_not_support(world: World, db: None) -> None:
    with schema_context(world.province_a.schema_name):
        agency = Agency.objects.create(key="so", name="Sở")
        day = date(2026, 7, 1)
        course = Activity.objects.create(kind="training", title="Lớp", organiser=agency, starts_on=day, ends_on=day)
        enterprise_save(enterprise=Enterprise(tax_code=KNOWN, name="Công ty Gỗ"), user=world.admin_a)
    staff = client_for(world.province_a, world.staff_a)
    page = staff.post(
        f"/programme/activities/{course.uuid}/support/", {"tax_code": KNOWN, "outcome": "advised"}, follow=True
    ).content.decode()
    assert "Chỉ các hoạt động hỗ trợ" in page
    with schema_context(world.province_a.schema_name):
        assert not Support.objects.exists()
