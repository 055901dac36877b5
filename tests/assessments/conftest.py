"""Shared actors and helpers of the assessment tests: answering the whole form through the pages,
and an enterprise with its own account and an expert assigned to it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from accounts.models import User
from accounts.roles import Role
from assessments.forms_fill import field_key, form_steps
from assessments.models import Assessment
from assessments.selectors import model_version_published
from enterprises.models import Enterprise, EnterpriseAccount
from enterprises.services import enterprise_save
from tests.conftest import World, client_for
from tests.factories import UserFactory


def step_data(definition: dict[str, Any], key: str, option: int = 3) -> dict[str, Any]:
    """POST data answering every criterion of a pillar step: gates "yes", the given option, ratios 1/2."""
    pillar = next(p for p in definition["pillars"] if f"p{p['code']}" == key)
    data: dict[str, Any] = {}
    for criterion in (c for indicator in pillar["indicators"] for c in indicator["criteria"]):
        k = field_key(criterion["code"])
        if criterion["kind"] == "ratio":
            data |= {f"n_{k}": "1", f"d_{k}": "2"}
        else:
            if "gate" in criterion:
                data[f"g_{k}"] = "yes"
            data[f"o_{k}"] = str(min(option, len(criterion["options"])))
    return data


def fill_everything(client: Client, assessment: Assessment, definition: dict[str, Any]) -> None:
    base = f"/assessments/{assessment.uuid}/fill"
    header = {"respondent_name": "Phạm Thị Lan", "respondent_position": "Giám đốc", "respondent_email": "lan@mp.vn"}
    assert client.post(f"{base}/header/", header | {"go": "next"}).status_code == 302
    for step in form_steps(definition):
        if step.kind == "pillar":
            response = client.post(f"{base}/{step.key}/", step_data(definition, step.key) | {"go": "next"})
            assert response.status_code == 302, response.content[:2000]
    assert client.post(f"{base}/c/", {"barriers": ["C1", "C3"], "go": "next"}).status_code == 302
    assert client.post(f"{base}/d/", {"support": ["D4"], "q_D7": "Cần tư vấn ERP", "go": "submit"}).status_code == 302


@dataclass
class Setting:
    assigned: Enterprise
    other: Enterprise
    expert: User
    owner: User


@pytest.fixture
def setting(world: World, db: None) -> Setting:
    with schema_context(world.province_a.schema_name):
        assigned = enterprise_save(
            enterprise=Enterprise(tax_code="0100109106", name="Công ty Được Giao"), user=world.admin_a
        )
        other = enterprise_save(
            enterprise=Enterprise(tax_code="0100233583", name="Công ty Không Giao"), user=world.admin_a
        )
        expert = UserFactory.create(email="chuyengia@dong-nai.vn", full_name="Trần Thị Hường", role=Role.EXPERT)
        owner = UserFactory.create(email="giamdoc@duocgiao.vn", role=Role.ENTERPRISE)
        EnterpriseAccount.objects.create(user=owner, enterprise=assigned)
    officer = client_for(world.province_a, world.staff_a)
    response = officer.post(
        "/assessments/experts/assign/", {"enterprise": str(assigned.uuid), "expert": str(expert.pk)}
    )
    assert response.status_code == 302
    return Setting(assigned, other, expert, owner)


def submitted_by_owner(world: World, setting: Setting) -> Assessment:
    client = client_for(world.province_a, setting.owner)
    client.post("/assessments/start/")
    with schema_context(world.province_a.schema_name):
        assessment = Assessment.objects.get(enterprise=setting.assigned)
        definition = model_version_published(key="qd1970-sme").definition
    fill_everything(client, assessment, definition)
    client.post(f"/assessments/{assessment.uuid}/submit/")
    return assessment
