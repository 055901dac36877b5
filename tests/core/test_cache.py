"""Entries kept beside their stamp (`core.cache.stamped_get`): never returned once a write renewed it."""

from __future__ import annotations

from django.core.cache import cache
from django_tenants.utils import schema_context

from core.cache import FIGURES_STAMP, figures_changed, stamped_get, stamped_set
from tests.conftest import World


def test_an_answer_drawn_before_a_write_is_never_served_after_it(world: World, db: None) -> None:
    with schema_context(world.province_a.schema_name):
        cache.delete("stats:test")
        current, kept = stamped_get(FIGURES_STAMP, "stats:test")
        assert kept is None
        stamped_set("stats:test", current, b"before", 60)
        assert stamped_get(FIGURES_STAMP, "stats:test") == (current, b"before")

        drawn_at, _kept = stamped_get(FIGURES_STAMP, "stats:other")
        figures_changed()  # a write lands while the answer is being drawn…
        stamped_set("stats:other", drawn_at, b"drawn from the old records", 60)  # …and is kept after it
        renewed, kept = stamped_get(FIGURES_STAMP, "stats:other")
        assert renewed != drawn_at
        assert kept is None
        assert stamped_get(FIGURES_STAMP, "stats:test")[1] is None  # every earlier entry too
    with schema_context(world.province_b.schema_name):  # another province's entry of the same name
        assert stamped_get(FIGURES_STAMP, "stats:test")[1] is None
