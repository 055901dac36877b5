"""A household business's tax code is its owner's 12-digit citizen ID: the department sees it in
full, everyone else (partner agencies, other API keys, other enterprises, the report to the ministry)
sees "079******123", in every API answer and every file that writes it."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.test import Client
from django_tenants.utils import schema_context
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from accounts.roles import Role
from api.services import api_key_issue
from campaigns.models import Agency, Honour, Participant
from enterprises.exports import EnterpriseExport
from enterprises.models import Enterprise, EnterpriseAccount
from enterprises.privacy import tax_codes_for
from enterprises.taxcode import mask_personal
from reporting.statistics.counting import Period, filters_for
from reporting.statistics.exports import HonourExport
from reporting.yearly.annex import annex_xlsx
from reporting.yearly.services import report_start, snapshot_of
from reporting.yearly.tables import tables
from tests.conftest import World, client_for, host
from tests.factories import UserFactory
from tests.reporting.statistics.scene import Scene

PERSONAL_ID = "079203004123"
MASKED = "079******123"


# --- The rule -------------------------------------------------------------------------------------


@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_a_personal_id_keeps_its_first_and_last_three_digits(value: str) -> None:
    masked = mask_personal(value)
    assert masked == value[:3] + "******" + value[-3:]
    assert mask_personal(masked) == masked  # masking twice changes nothing


@given(
    st.one_of(
        st.text(alphabet="0123456789", min_size=10, max_size=10),  # an enterprise
        st.builds(lambda head, n: f"{head}-{n:03d}", st.text(alphabet="0123456789", min_size=10, max_size=10),
                  st.integers(1, 999)),  # a branch
        st.text(max_size=20).filter(lambda text: not (len(text) == 12 and text.isascii() and text.isdigit())),
    )
)  # fmt: skip
def test_any_other_code_is_public_and_left_as_it_is(value: str) -> None:
    assert mask_personal(value) == value


def test_the_department_sees_in_full_and_an_enterprise_only_its_own(world: World, scene: Scene) -> None:
    with schema_context(world.province_a.schema_name):
        owner = UserFactory.create(email="chu@ho-kd.vn", role=Role.ENTERPRISE)
        EnterpriseAccount.objects.create(user=owner, enterprise=scene.e1)
        stranger = UserFactory.create(email="khac@ho-kd.vn", role=Role.ENTERPRISE)
        EnterpriseAccount.objects.create(user=stranger, enterprise=scene.e2)
        partner = UserFactory.create(email="hoi@dong-nai.vn", role=Role.ASSOCIATION)
        expert = UserFactory.create(email="cg@dong-nai.vn", role=Role.EXPERT)
        seen = {
            user.email: tax_codes_for(user).show(PERSONAL_ID, scene.e1.pk)
            for user in (world.admin_a, world.staff_a, owner, stranger, partner, expert)
        }
    assert seen == {
        "admin@dong-nai.vn": PERSONAL_ID,
        "officer@dong-nai.vn": PERSONAL_ID,
        "chu@ho-kd.vn": PERSONAL_ID,
        "khac@ho-kd.vn": MASKED,
        "hoi@dong-nai.vn": MASKED,
        "cg@dong-nai.vn": MASKED,
    }
    assert tax_codes_for(None).show(PERSONAL_ID) == MASKED


# --- The writers ----------------------------------------------------------------------------------


def _household(world: World, scene: Scene) -> Enterprise:
    with schema_context(world.province_a.schema_name):
        Enterprise.objects.filter(pk=scene.e1.pk).update(tax_code=PERSONAL_ID, tax_code_kind="personal")
        scene.e1.refresh_from_db()
    return scene.e1


def _key_client(world: World, scope: str) -> Client:
    with schema_context(world.province_a.schema_name):
        _key, raw = api_key_issue(name=f"Khóa {scope}", scope=scope, user=world.admin_a)
    return Client(HTTP_HOST=host(world.province_a), HTTP_AUTHORIZATION=f"Api-Key {raw}")


def _codes(answer: Any) -> set[str]:
    assert answer.status_code == 200, answer.content
    return {row["tax_code"] for row in answer.json()["results"]}


def test_the_registry_api_masks_it_for_every_key_but_the_departments(world: World, scene: Scene) -> None:
    household = _household(world, scene)
    registry, department = _key_client(world, "registry"), _key_client(world, "department")
    staff = client_for(world.province_a, world.staff_a)
    assert MASKED in _codes(registry.get("/api/v1/enterprises/"))
    assert PERSONAL_ID not in registry.get("/api/v1/enterprises/").text
    assert registry.get(f"/api/v1/enterprises/{household.uuid}/").json()["tax_code"] == MASKED
    assert PERSONAL_ID in _codes(department.get("/api/v1/enterprises/"))
    assert department.get(f"/api/v1/enterprises/{household.uuid}/").json()["tax_code"] == PERSONAL_ID
    assert PERSONAL_ID in _codes(staff.get("/api/v1/enterprises/"))
    assert scene.e2.tax_code in _codes(registry.get("/api/v1/enterprises/"))  # a company's code is public
    # Searching digit by digit would uncover the hidden middle: a masked key finds no household that way.
    assert _codes(registry.get("/api/v1/enterprises/", {"q": "0792"})) == set()
    assert _codes(registry.get("/api/v1/enterprises/", {"q": "079203"})) == set()
    assert _codes(department.get("/api/v1/enterprises/", {"q": "079203"})) == {PERSONAL_ID}


def test_the_assessments_api_masks_it_for_every_key_but_the_departments(world: World, scene: Scene) -> None:
    _household(world, scene)
    assert MASKED in _codes(_key_client(world, "registry").get("/api/v1/assessments/"))
    assert PERSONAL_ID not in _key_client(world, "registry").get("/api/v1/assessments/").text
    assert PERSONAL_ID in _codes(_key_client(world, "department").get("/api/v1/assessments/"))


def _download(client: Client, response: Any) -> list[list[str]]:
    assert response.status_code == 302, response.content
    download = client.get(response["Location"] + "download/")
    assert download.status_code == 200, client.get(response["Location"]).text
    content = b"".join(download.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    return list(csv.reader(io.StringIO(content)))


def test_the_registry_export_is_full_for_the_department_and_masked_for_anyone_else(
    world: World, scene: Scene, django_capture_on_commit_callbacks: Any
) -> None:
    _household(world, scene)
    staff = client_for(world.province_a, world.staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post("/enterprises/export/", {"format": "csv"})
    rows = _download(staff, response)
    assert PERSONAL_ID in [row[0] for row in rows]
    with schema_context(world.province_a.schema_name):
        partner = UserFactory.create(email="hoi@dong-nai.vn", role=Role.ASSOCIATION)
        content = EnterpriseExport({}, tax_codes_for(partner)).write_csv().decode("utf-8-sig")
    assert MASKED in content
    assert PERSONAL_ID not in content


def test_the_participant_list_is_masked_for_the_partner_agency_and_full_for_the_department(
    world: World, scene: Scene, django_capture_on_commit_callbacks: Any
) -> None:
    _household(world, scene)
    with schema_context(world.province_a.schema_name):
        partner = UserFactory.create(email="hoi@dong-nai.vn", role=Role.ASSOCIATION)
        Agency.objects.get(key="so").members.add(partner)
        course = Participant.objects.get(enterprise=scene.e1, person_name="An").activity
    for user, shown in ((partner, MASKED), (world.staff_a, PERSONAL_ID)):
        client = client_for(world.province_a, user)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/programme/activities/{course.uuid}/export/", {"format": "csv"})
        rows = _download(client, response)
        codes = {row[0] for row in rows[1:]}
        assert shown in codes, user
        assert ({PERSONAL_ID, MASKED} - {shown}).isdisjoint(codes)


def test_the_honours_table_is_full_for_the_department_and_masked_for_anyone_else(
    world: World, scene: Scene, django_capture_on_commit_callbacks: Any
) -> None:
    _household(world, scene)
    with schema_context(world.province_a.schema_name):
        Honour.objects.create(year=2026, enterprise=scene.e1, category="typical", criteria="Mức 3")
        partner = UserFactory.create(email="hoi@dong-nai.vn", role=Role.ASSOCIATION)
        masked = HonourExport(2026, tax_codes_for(partner)).write_csv().decode("utf-8-sig")
    assert MASKED in masked
    assert PERSONAL_ID not in masked
    staff = client_for(world.province_a, world.staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            "/programme/tables/export/?year=2026", {"table": "honours", "format": "csv", "year": 2026}
        )
    assert PERSONAL_ID in {row[1] for row in _download(staff, response)}


def test_the_report_for_the_ministry_masks_it_in_its_tables_and_annex(world: World, scene: Scene) -> None:
    _household(world, scene)
    with schema_context(world.province_a.schema_name):
        Honour.objects.create(year=2026, enterprise=scene.e1, category="typical", criteria="Mức 3")
        snapshot = snapshot_of(report_start(year=2026, user=world.admin_a))
        workbook = load_workbook(io.BytesIO(annex_xlsx(snapshot, filters_for(Period.of_year(2026)))), read_only=True)
    honoured = next(table for table in tables(snapshot["overview"]) if table.key == "honours")
    assert [row[3] for row in honoured.rows] == [MASKED]
    for sheet in ("DS-Doanh nghiep danh gia", "DS-Doanh nghiep tham gia"):
        codes = {row[1] for row in workbook[sheet].iter_rows(min_row=5, values_only=True)}
        assert MASKED in codes, sheet
        assert PERSONAL_ID not in codes
        assert scene.e2.tax_code in codes  # a company's code stays


def test_the_pages_a_partner_agency_or_the_owner_sees_follow_the_same_rule(world: World, scene: Scene) -> None:
    _household(world, scene)
    with schema_context(world.province_a.schema_name):
        partner = UserFactory.create(email="hoi@dong-nai.vn", role=Role.ASSOCIATION)
        Agency.objects.get(key="so").members.add(partner)
        course = Participant.objects.get(enterprise=scene.e1, person_name="An").activity
        owner = UserFactory.create(email="chu@ho-kd.vn", role=Role.ENTERPRISE)
        EnterpriseAccount.objects.create(user=owner, enterprise=scene.e1)
    page = f"/programme/activities/{course.uuid}/"
    partner_view = client_for(world.province_a, partner).get(page)
    assert partner_view.status_code == 200
    assert MASKED in partner_view.text
    assert PERSONAL_ID not in partner_view.text
    assert PERSONAL_ID in client_for(world.province_a, world.staff_a).get(page).text
    assert PERSONAL_ID in client_for(world.province_a, owner).get("/assessments/mine/").text
