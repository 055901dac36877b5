"""Every state transition of an assessment, from every state: allowed ones move it, the others are
refused with a message and change nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django_tenants.utils import schema_context

from assessments.models import Assessment, AssessmentState
from assessments.selectors import model_version_published
from assessments.services import lifecycle
from core.errors import ApplicationError
from enterprises.models import Enterprise
from enterprises.services import enterprise_save
from tests.conftest import World

FULL = {"respondent_name": "Lan", "respondent_email": "lan@mp.vn"}


def _answers() -> dict[str, Any]:
    version = model_version_published(key="qd1970-sme")
    return {c["code"]: (1 if c["kind"] == "graded" else {"numerator": 1, "denominator": 2}) for c in version.criteria()}


DECIDABLE = {"submitted", "under_review", "reviewed"}
TRANSITIONS: dict[str, tuple[Callable[..., Any], dict[str, Any], set[str], str]] = {
    # name: (service, extra arguments, states it is allowed from, state after)
    "submit": (lifecycle.assessment_submit, {}, {"draft", "returned"}, "submitted"),
    "review": (lifecycle.assessment_review_start, {}, {"submitted"}, "under_review"),
    "adjust": (
        lifecycle.assessment_adjust,
        {"code": "1.1.1", "value": 5, "comment": "Cập nhật hằng tuần"},
        DECIDABLE,
        "under_review",  # a change reopens an accepted review
    ),
    "accept": (lifecycle.assessment_review_accept, {"recommendation": "validate"}, DECIDABLE, "reviewed"),
    "validate": (lifecycle.assessment_validate, {}, DECIDABLE, "validated"),
    "return": (lifecycle.assessment_return, {"reason": "Thiếu số liệu"}, DECIDABLE, "returned"),
}


@pytest.mark.parametrize("name", TRANSITIONS)
@pytest.mark.parametrize("state", AssessmentState.values)
def test_a_transition_moves_only_from_its_states(world: World, db: None, name: str, state: str) -> None:
    service, extra, allowed, after = TRANSITIONS[name]
    with schema_context(world.province_a.schema_name):
        enterprise = enterprise_save(
            enterprise=Enterprise(tax_code="0100109106", name="Công ty Thử"), user=world.admin_a
        )
        assessment = Assessment.objects.create(
            enterprise=enterprise, version=model_version_published(key="qd1970-sme"), state=state,
            answers=_answers(), **FULL,
        )  # fmt: skip
        if name == "review" and state in ("under_review", "reviewed"):  # already there: nothing happens
            service(assessment=assessment, user=world.admin_a, **extra)
            assert not assessment.events.exists()
        elif state in allowed:
            service(assessment=assessment, user=world.admin_a, **extra)
            assert Assessment.objects.get(pk=assessment.pk).state == after
            assert assessment.events.filter(action=name).exists()
        else:
            with pytest.raises(ApplicationError):
                service(assessment=assessment, user=world.admin_a, **extra)
            assert Assessment.objects.get(pk=assessment.pk).state == state
            assert not assessment.events.exists()
