"""Honours: candidates from validated results and training attended; the department decides."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django_tenants.utils import schema_context

from assessments.models import Assessment
from assessments.selectors import model_version_published
from campaigns.models import Activity, Agency, Honour, Participant
from enterprises.models import Enterprise
from enterprises.services import enterprise_save
from reporting.statistics import views_programme
from reporting.statistics.counting import Period, filters_for
from reporting.statistics.honours import candidates
from tests.campaigns.test_programme import BRANCHED, KNOWN, OTHER
from tests.conftest import World, client_for

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def _scene(world: World) -> tuple[Enterprise, Enterprise, Enterprise]:
    version = model_version_published(key="qd1970-sme")
    leader = enterprise_save(enterprise=Enterprise(tax_code=KNOWN, name="Công ty Dẫn đầu"), user=world.admin_a)
    trained = enterprise_save(enterprise=Enterprise(tax_code=OTHER, name="Công ty Chăm học"), user=world.admin_a)
    low = enterprise_save(enterprise=Enterprise(tax_code=BRANCHED, name="Công ty Mới bắt đầu"), user=world.admin_a)
    when = datetime(2026, 6, 1, tzinfo=HANOI)
    for enterprise, level, total, state in (
        (leader, 5, 300, "validated"),
        (trained, 4, 240, "validated"),
        (low, 2, 120, "validated"),  # below the bar
        (low, 5, 310, "submitted"),  # not validated: not a candidate for it
    ):
        Assessment.objects.create(
            enterprise=enterprise, version=version, state=state, overall_level=level, total=total,
            submitted_at=when, validated_at=when if state == "validated" else None,
        )  # fmt: skip
    agency = Agency.objects.create(key="so", name="Sở")
    day = date(2026, 3, 1)
    course = Activity.objects.create(
        kind="training", title="Lớp", organiser=agency, starts_on=day, ends_on=day, status="held"
    )
    Participant.objects.create(
        activity=course, enterprise=trained, person_name="An", person_key="an", status="attended"
    )
    return leader, trained, low


def test_candidates_are_validated_leaders_ranked_by_level_then_points(world: World, db: None) -> None:
    with schema_context(world.province_a.schema_name):
        leader, trained, _low = _scene(world)
        found = candidates(filters_for(Period.of_year(2026)))
    assert [c.enterprise for c in found] == [leader, trained]
    assert found[1].courses == 1
    assert "mức 4 (240/320 điểm)" in found[1].criteria(2026).lower()


def test_staff_honour_a_candidate_with_its_criteria_and_it_leaves_the_candidates(world: World, db: None) -> None:
    with schema_context(world.province_a.schema_name):
        leader, _trained, _low = _scene(world)
    staff = client_for(world.province_a, world.staff_a)
    form = {"enterprise": str(leader.uuid), "category": "top_level", "criteria": "Mức 5, 300/320 điểm"}
    staff.post("/programme/honours/?year=2026", form)
    again = staff.post("/programme/honours/?year=2026", form, follow=True).content.decode()
    assert "đã được tôn vinh" in again
    with schema_context(world.province_a.schema_name):
        assert list(Honour.objects.values_list("year", "enterprise__name", "criteria")) == [
            (2026, "Công ty Dẫn đầu", "Mức 5, 300/320 điểm")
        ]
        assert leader not in [c.enterprise for c in candidates(filters_for(Period.of_year(2026)))]
    assert "Mức 5, 300/320 điểm" in staff.get(f"/enterprises/{leader.uuid}/").content.decode()
    assert (
        "Công ty Dẫn đầu"
        not in client_for(world.province_b, world.admin_b).get("/programme/honours/?year=2026").content.decode()
    )


def test_the_page_says_how_many_candidates_it_leaves_out(
    world: World, db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views_programme, "SHOWN_CANDIDATES", 1)
    with schema_context(world.province_a.schema_name):
        _scene(world)
    page = client_for(world.province_a, world.staff_a).get("/programme/honours/?year=2026").content.decode()
    assert "Công ty Dẫn đầu" in page
    assert "Công ty Chăm học" not in page
    assert "Hiển thị 1 doanh nghiệp xếp hạng cao nhất trong 2 doanh nghiệp đủ điều kiện." in page
