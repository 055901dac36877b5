"""What enterprises asked for in Part D of their self-assessment, next to the activities that answer it.

Counts come from each enterprise's latest assessment among those the province counts (the stored
answers, never rescored). The codes are those of the shipped model's Part D; which activity kinds
answer each is the department's usual practice, kept here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.utils.translation import get_language

from assessments.models import Assessment, ModelVersion
from campaigns.models import Activity, ActivityKind, ActivityStatus
from enterprises.models import Enterprise
from tenants.selectors import current_province

SUPPORT_CODES = ("D1", "D2", "D3", "D4", "D5", "D6")  # Part D's support items in the shipped model
ANSWERED_BY: dict[str, tuple[ActivityKind, ...]] = {
    "D1": (ActivityKind.MATCHMAKING,),  # management software
    "D2": (ActivityKind.ECOMMERCE, ActivityKind.MATCHMAKING),  # a company website
    "D3": (ActivityKind.ECOMMERCE,),  # e-commerce
    "D4": (ActivityKind.SUPPORT_VISIT,),  # consulting
    "D5": (ActivityKind.TRAINING, ActivityKind.WORKSHOP),  # training
}


@dataclass(frozen=True)
class Demand:
    code: str
    text: str
    enterprises: int
    kinds: list[tuple[str, int]]  # (activity kind label, activities held in the year)


def _latest_answers() -> list[tuple[int, dict[str, Any], int]]:
    """(enterprise id, Part D answers, model version id) of each enterprise's latest counted assessment."""

    province = current_province()
    return list(
        Assessment.objects.filter(state__in=province.counted_states, submitted_at__isnull=False)
        .order_by("enterprise_id", "-submitted_at")
        .distinct("enterprise_id")
        .values_list("enterprise_id", "part_d", "version_id")
    )


def support_demand(year: int) -> list[Demand]:
    latest = _latest_answers()
    wanted = Counter(code for _enterprise, part_d, _version in latest for code in part_d.get("support", []))
    texts: dict[str, str] = {}
    language = "en" if (get_language() or "vi").startswith("en") else "vi"
    if latest:  # the support items of the model the answers were given on
        version = ModelVersion.objects.get(pk=latest[0][2])
        texts = {item["code"]: item["text"][language] for item in version.definition["part_d"]["support"]}
    held = dict(
        Activity.objects.filter(starts_on__year=year, status=ActivityStatus.HELD)
        .values("kind")
        .annotate(count=Count("pk"))
        .values_list("kind", "count")
    )
    return [
        Demand(
            code=code,
            text=texts.get(code, code),
            enterprises=count,
            kinds=[(str(kind.label), held.get(kind.value, 0)) for kind in ANSWERED_BY.get(code, ())],
        )
        for code, count in sorted(wanted.items(), key=lambda item: (-item[1], item[0]))
    ]


def enterprises_wanting(code: str) -> list[Enterprise]:
    """The enterprises whose latest counted assessment asks for this support."""
    wanting = [enterprise for enterprise, part_d, _version in _latest_answers() if code in part_d.get("support", [])]
    return list(Enterprise.objects.filter(pk__in=wanting).order_by("name"))
