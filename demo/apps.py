from __future__ import annotations

from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo provinces that `make run` seeds (`seed_demo`). No tables, and no production code
    imports it: it sits above every other app and uses only their services."""

    name = "demo"
    verbose_name = "Demo data"
