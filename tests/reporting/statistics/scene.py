"""A small province built by hand, whose statistics were worked out on paper (see tests/stats)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django_tenants.utils import schema_context

from assessments.models import Assessment
from assessments.selectors import model_version_published
from campaigns.models import Activity, Agency, Participant
from enterprises.models import Enterprise
from enterprises.services import enterprise_save
from reference.models import Ward
from tests.campaigns.test_programme import code
from tests.conftest import World

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
MAX = [65, 25, 80, 65, 50, 35]  # the shipped model's pillar maxima


@dataclass
class Scene:
    e1: Enterprise
    e2: Enterprise
    e3: Enterprise
    e4: Enterprise
    w1: Ward
    w2: Ward


def _assess(
    enterprise: Enterprise, day: date, level: int, points: int, *, state: str = "validated", **extra: object
) -> None:
    when = datetime(day.year, day.month, day.day, 9, tzinfo=HANOI)
    Assessment.objects.create(
        enterprise=enterprise, version=model_version_published(key="qd1970-sme"), state=state,
        overall_level=level, total=points * 6, submitted_at=when,
        validated_at=when if state == "validated" else None,
        result={"pillars": [{"code": str(i + 1), "points": min(points, MAX[i]), "max": MAX[i], "level": level}
                            for i in range(6)]},
        **extra,
    )  # fmt: skip


@pytest.fixture
def scene(world: World, db: None) -> Scene:
    with schema_context(world.province_a.schema_name):
        w1, w2 = Ward.objects.filter(province__code="75").order_by("code")[:2]
        made = []
        for index, (section, size, ward) in enumerate(
            [("C", "small", w1), ("C", "micro", w1), ("G", "micro", w2), ("G", "medium", None), ("C", "large", w1)]
        ):
            enterprise = enterprise_save(
                enterprise=Enterprise(tax_code=code(f"01001091{index}"), name=f"Công ty {index + 1}"),
                user=world.admin_a,
            )
            Enterprise.objects.filter(pk=enterprise.pk).update(section=section, size=size, ward=ward)
            made.append(enterprise)
        e1, e2, e3, e4, e5 = made
        Enterprise.objects.filter(pk=e5.pk).update(merged_into=e1)  # a duplicate: never counted

        _assess(e1, date(2025, 5, 1), 1, 10)
        _assess(e1, date(2026, 3, 1), 3, 24, part_c=["C1", "C2"], part_d={"support": ["D4"]})  # up
        _assess(e2, date(2025, 6, 1), 2, 20)
        _assess(e2, date(2026, 4, 1), 2, 20, part_c=["C1"])  # same
        _assess(e3, date(2026, 5, 1), 0, 0, part_d={"support": ["D4", "D5"]})  # first assessment
        _assess(e3, date(2026, 7, 1), 4, 50, state="submitted")  # not validated: not counted
        _assess(e4, date(2025, 9, 1), 2, 20)
        _assess(e4, date(2026, 8, 1), 1, 10, kind="expert", part_c=["C1", "C3"])  # down
        _assess(e5, date(2026, 6, 1), 5, 60)

        agency = Agency.objects.create(key="so", name="Sở")

        def activity(kind: str, day: date, status: str = "held", reach: int | None = None) -> Activity:
            return Activity.objects.create(
                kind=kind,
                title=f"{kind} {day}",
                organiser=agency,
                starts_on=day,
                ends_on=day,
                status=status,
                reach=reach,
            )

        course = activity("training", date(2026, 3, 10))
        for enterprise, name, status in ((e1, "An", "attended"), (e1, "Bình", "attended"), (e3, "Chi", "absent")):
            Participant.objects.create(
                activity=course, enterprise=enterprise, person_name=name, person_key=name.lower(), status=status
            )
        workshop = activity("workshop", date(2026, 4, 2))
        Participant.objects.create(
            activity=workshop, enterprise=e2, person_name="Dũng", person_key="dung", status="attended"
        )
        activity("outreach", date(2026, 5, 5), reach=500)
        activity("training", date(2026, 6, 6), status="cancelled")
        activity("training", date(2025, 6, 6))
    return Scene(e1, e2, e3, e4, w1, w2)
