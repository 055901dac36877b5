"""A wave's page counts the wave's own assessments, with the rules of every other figure."""

from __future__ import annotations

from datetime import date

from django_tenants.utils import schema_context

from assessments.models import Assessment, Wave
from tests.conftest import World, client_for
from tests.reporting.statistics.scene import Scene


def test_a_waves_results_count_only_its_own_latest_counted_assessments(world: World, scene: Scene) -> None:
    with schema_context(world.province_a.schema_name):
        spring = Wave.objects.create(name="Đợt xuân", starts_on=date(2026, 3, 1), ends_on=date(2026, 4, 30))
        autumn = Wave.objects.create(name="Đợt thu", starts_on=date(2026, 7, 1), ends_on=date(2026, 8, 31))
        # e1 (level 3, March) and e2 (level 2, April) answered the spring wave; e4 (level 1, August) the
        # autumn one; e3's July assessment is submitted, not validated.
        for enterprise, wave in ((scene.e1, spring), (scene.e2, spring), (scene.e3, autumn), (scene.e4, autumn)):
            Assessment.objects.filter(enterprise=enterprise, submitted_at__year=2026).update(wave=wave)
    staff = client_for(world.province_a, world.staff_a)
    spring_page = staff.get(f"/assessments/waves/{spring.uuid}/").text
    autumn_page = staff.get(f"/assessments/waves/{autumn.uuid}/").text
    assert "tính 2 doanh nghiệp" in spring_page
    # e3's validated May assessment belongs to the autumn wave too, and is its latest counted one.
    assert "tính 2 doanh nghiệp" in autumn_page
    assert "qd1970-sme" in spring_page
