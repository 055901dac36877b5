"""The one way a management command works in a province: `--province SLUG` is looked up here, an
unknown slug stops the command with one bilingual line and exit status 2, and the command's work runs
in the province's schema. For commands this is the place that sets the schema, as the middleware is
for requests and the task base for jobs."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser
from django_tenants.utils import schema_context

from tenants.models import Province
from tenants.selectors import province_list


class ProvinceCommand(BaseCommand):
    """A command run in a province: subclasses write `handle_province` instead of `handle`.

    `province_required = False` lets the command run without `--province`: `handle_without_province`
    then runs, in the public schema. `province_repeatable = True` accepts several `--province` and
    runs `handle_province` in each, in slug order. Every slug is looked up before anything runs, so an
    unknown one stops the command before it has done anything.
    """

    province_required = True
    province_repeatable = False
    province_help = "The province's slug, e.g. dong-nai."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--province",
            required=self.province_required,
            action="append" if self.province_repeatable else "store",
            help=self.province_help,
        )

    def handle(self, *args: Any, **options: Any) -> None:
        given: str | list[str] | None = options.pop("province")  # the handlers get the Province instead
        if given is None or given == []:
            self.handle_without_province(**options)
            return
        self.run_in(self.provinces_get([given] if isinstance(given, str) else given), **options)

    def handle_province(self, province: Province, **options: Any) -> None:
        raise NotImplementedError("a ProvinceCommand implements handle_province()")

    def handle_without_province(self, **options: Any) -> None:
        raise NotImplementedError("a command whose --province is optional implements handle_without_province()")

    def provinces_get(self, slugs: list[str]) -> list[Province]:
        """These provinces (the national site is none), or stop if a slug names none."""
        provinces = list(province_list().filter(slug__in=slugs).order_by("slug"))
        unknown = sorted(set(slugs) - {province.slug for province in provinces})
        if unknown:
            self.fail("không có tỉnh / no province " + ", ".join(f"“{slug}”" for slug in unknown))
        return provinces

    def run_in(self, provinces: Iterable[Province], **options: Any) -> None:
        for province in provinces:
            with schema_context(province.schema_name):
                self.handle_province(province, **options)

    def fail(self, message: str) -> NoReturn:
        """One line on stderr, Vietnamese then English (`message` gives both), and exit status 2."""
        self.stderr.write(f"Lỗi / Error: {message}")
        sys.exit(2)
