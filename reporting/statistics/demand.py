"""What enterprises asked for in Part D of their assessment, next to the activities held that
answer it, and the enterprises behind each count (from the assessments the figures count)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.expressions import RawSQL

from campaigns.models import ActivityKind
from enterprises.models import Enterprise
from reporting.statistics import counting
from reporting.statistics import selectors as stats
from reporting.statistics.counting import Filters

# Which activity kinds answer each support item of the QĐ 1970 model's Part D: the department's usual
# practice (items of another model are listed without activities).
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
    text: dict[str, str]  # in both languages
    enterprises: int
    percent: float  # of the enterprises counted
    kinds: list[tuple[str, int]]  # (activity kind label, activities of that kind held in the period)


def demand(f: Filters) -> list[Demand]:
    """Part D's support items the counted enterprises asked for, most asked first."""
    held = dict(counting.held(f.period).values("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    return [
        Demand(
            code=row["code"],
            text=row["text"],
            enterprises=row["count"],
            percent=row["percent"],
            kinds=[(str(kind.label), held.get(kind.value, 0)) for kind in ANSWERED_BY.get(row["code"], ())],
        )
        for row in stats.support_demand(f)
    ]


def support_items(f: Filters) -> dict[str, dict[str, str]]:
    """The support items of Part D in the versions counted: code → text in both languages (the newest
    version's wording)."""
    items: dict[str, dict[str, str]] = {}
    for version in f.versions:  # newest first
        for item in version.definition["part_d"]["support"]:
            items.setdefault(item["code"], item["text"])
    return items


def enterprises_wanting(f: Filters, code: str) -> QuerySet[Enterprise]:
    """The counted enterprises whose assessment asks for this support."""
    sql, params = counting.counted_sql(f)
    wanting = f"SELECT enterprise_id FROM ({sql}) c WHERE (c.part_d -> 'support') @> jsonb_build_array(%(code)s::text)"
    positional: tuple[str, list[Any]] = counting.positional(wanting, params | {"code": code})
    return Enterprise.objects.filter(pk__in=RawSQL(*positional)).order_by("name")
