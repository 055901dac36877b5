"""An enterprise's result against the median of similar enterprises, from the assessments the figures count."""

from __future__ import annotations

from datetime import date

from django_tenants.utils import schema_context

from assessments.models import Assessment
from enterprises.models import Enterprise
from enterprises.services import enterprise_save
from tests.campaigns.test_programme import code
from tests.conftest import World, client_for
from tests.reporting.statistics.scene import _assess


def test_a_result_is_compared_with_the_median_of_three_or_more_similar_counted_enterprises(
    world: World, db: None
) -> None:
    with schema_context(world.province_a.schema_name):
        made = []
        for index in range(6):
            enterprise = enterprise_save(
                enterprise=Enterprise(tax_code=code(f"01001092{index}"), name=f"Công ty So sánh {index}"),
                user=world.admin_a,
            )
            Enterprise.objects.filter(pk=enterprise.pk).update(section="C", size="small")
            made.append(enterprise)
        me, a, b, c, duplicate, pending = made
        Enterprise.objects.filter(pk=duplicate.pk).update(merged_into=a)  # a merged duplicate never counts
        _assess(me, date(2026, 3, 1), 2, 20)
        _assess(a, date(2025, 3, 1), 5, 60)  # a's older result: its latest below counts
        _assess(a, date(2026, 3, 1), 1, 10)
        _assess(b, date(2026, 3, 1), 2, 30)
        _assess(duplicate, date(2026, 3, 1), 5, 60)
        _assess(pending, date(2026, 3, 1), 5, 60, state="submitted")  # not validated: not counted
        mine = Assessment.objects.get(enterprise=me)
    staff = client_for(world.province_a, world.staff_a)
    assert "Trung vị" not in staff.get(f"/assessments/{mine.uuid}/").text  # two peers only: nothing shown
    with schema_context(world.province_a.schema_name):
        _assess(c, date(2026, 3, 1), 3, 40)
    page = staff.get(f"/assessments/{mine.uuid}/").text
    assert "trung vị của 3 doanh nghiệp" in page.lower()
    # Pillar 1 (max 65): a 10, b 30, c 40 → median 30; never the duplicate's or the pending 60.
    assert '<td class="text-end">30</td>' in page
