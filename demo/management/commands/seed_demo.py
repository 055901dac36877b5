from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_tenants.utils import schema_context

from accounts.models import User
from accounts.roles import NationalRole, Role
from accounts.services import user_create
from assessments.services.versions import model_versions_install_shipped
from demo.assessments import demo_assessments_ensure, demo_enterprise_account_ensure, demo_waves_ensure
from demo.campaigns import (
    demo_activities_ensure,
    demo_budgets_ensure,
    demo_course_signups_ensure,
    demo_honours_ensure,
    demo_partner_accounts_ensure,
    demo_plan_ensure,
    demo_task_updates_ensure,
)
from demo.enterprises import demo_enterprises_ensure
from demo.provinces import (
    DEMO_PASSWORD,
    DEMO_PROVINCES,
    DEMO_ROLE_USERS,
    demo_password_hashed_once,
    demo_province_settings_ensure,
)
from demo.yearly import demo_reports_ensure
from reference.loaders import reference_data_load
from reporting.national.services import snapshots_refresh
from tenants.models import Domain, Province
from tenants.services import province_create, public_tenant_ensure


class Command(BaseCommand):
    help = "Create the national site and the three demo provinces with one account per role (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--parallel",
            action="store_true",
            help="Seed each province in its own process at the same time (`make run`); the data is the same.",
        )
        parser.add_argument("--province", choices=[d.slug for d in DEMO_PROVINCES], help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        with demo_password_hashed_once():
            self._seed(options)

    def _seed(self, options: dict[str, Any]) -> None:
        if options["province"]:  # one province of a --parallel run: the national site exists already
            self._province(options["province"])
            return
        summary = reference_data_load()
        self.stdout.write(f"Reference data: {summary.wards} wards, {summary.vsic_codes} VSIC codes")
        public = public_tenant_ensure()
        Domain.objects.get_or_create(domain="127.0.0.1", defaults={"tenant": public, "is_primary": False})
        base = settings.BASE_DOMAIN
        with schema_context(public.schema_name):
            self._user(f"superadmin@{base}", None, "Quản trị hệ thống", superuser=True)
            self._user(f"ministry@{base}", NationalRole.MINISTRY_VIEWER, "Vụ Kinh tế và Xã hội số")
        slugs = [demo.slug for demo in DEMO_PROVINCES]
        if options["parallel"]:
            self._seed_in_processes(slugs)
        else:
            for slug in slugs:
                self._province(slug)
        refreshed = snapshots_refresh()  # the ministry's live view, as the nightly beat would
        self.stdout.write(f"National rollup: {refreshed} provinces")
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Every demo account's password: {DEMO_PASSWORD}"))

    def _province(self, slug: str) -> None:
        demo = next(demo for demo in DEMO_PROVINCES if demo.slug == slug)
        base = settings.BASE_DOMAIN
        province = Province.objects.filter(slug=demo.slug).first()
        if province is None:
            province = province_create(
                name=demo.name,
                code=demo.code,
                slug=demo.slug,
                unit_type=demo.unit_type,
                plan_number=demo.plan_number,
                plan_date=demo.plan_date,
                plan_title=demo.plan_title,
                agency_report=demo.agency_report,
                ministry_report=demo.ministry_report,
                admin_email=f"admin@{demo.slug}.{base}",
                admin_password=DEMO_PASSWORD,
            ).province
            self.stdout.write(f"Created {province.full_name}")
        demo_province_settings_ensure(province)
        with schema_context(province.schema_name):
            model_versions_install_shipped()
            for role, name in DEMO_ROLE_USERS.items():
                self._user(f"{role.replace('_', '-')}@{demo.slug}.{base}", role, name)
            created = demo_enterprises_ensure(province_code=demo.code, count=demo.enterprises)
            if created:
                self.stdout.write(f"{province.full_name}: {created} demo enterprises")
            demo_enterprise_account_ensure(user=User.objects.get(email=f"enterprise@{demo.slug}.{base}"))
            created = demo_assessments_ensure(seed=demo.slug, count=demo.assessments)
            if created:
                self.stdout.write(f"{province.full_name}: {created} demo assessments")
            demo_waves_ensure(
                expert=User.objects.get(email=f"expert@{demo.slug}.{base}"),
                staff=User.objects.get(email=f"province-staff@{demo.slug}.{base}"),
            )
            demo_plan_ensure(slug=demo.slug, association_user=User.objects.get(email=f"association@{demo.slug}.{base}"))
            created = demo_activities_ensure(
                staff=User.objects.get(email=f"province-staff@{demo.slug}.{base}"), seed=demo.slug
            )
            if created:
                self.stdout.write(f"{province.full_name}: plan and {created} demo activities")
            demo_task_updates_ensure(staff=User.objects.get(email=f"province-staff@{demo.slug}.{base}"))
            demo_partner_accounts_ensure(
                slug=demo.slug, base=base, password=DEMO_PASSWORD,
                staff=User.objects.get(email=f"province-staff@{demo.slug}.{base}"),
            )  # fmt: skip
            # Sở Tài chính's officer approves the budgets (the plan files mark it as the finance department).
            demo_budgets_ensure(approver=User.objects.filter(email=f"so-tai-chinh@{demo.slug}.{base}").first())
            demo_honours_ensure(staff=User.objects.get(email=f"province-staff@{demo.slug}.{base}"))
            demo_course_signups_ensure(seed=demo.slug)
            staff = User.objects.get(email=f"province-staff@{demo.slug}.{base}")
            admin = User.objects.filter(groups__name=Role.PROVINCE_ADMIN).order_by("pk").first() or staff
            if built := demo_reports_ensure(admin=admin, staff=staff, issuer=demo.report_issuer):
                self.stdout.write(f"{province.full_name}: {built} demo yearly report versions")

    def _seed_in_processes(self, slugs: list[str]) -> None:
        """Each province's schema is its own: its migrations and rows do not wait for the others'."""
        env = dict(os.environ)
        if embedded := getattr(settings, "EMBEDDED_DATABASE_URL", None):
            env["DATABASE_URL"] = embedded  # the children reuse the running embedded server
        manage = Path(settings.BASE_DIR) / "manage.py"
        children = [
            (slug, subprocess.Popen([sys.executable, str(manage), "seed_demo", "--province", slug], env=env))
            for slug in slugs
        ]
        failed = [slug for slug, child in children if child.wait() != 0]
        if failed:
            raise CommandError(f"Seeding failed for {', '.join(failed)}; run seed_demo again (it is idempotent).")

    def _user(self, email: str, role: str | None, name: str, *, superuser: bool = False) -> None:
        if User.objects.filter(email=email).exists():
            return
        if superuser:
            User.objects.create_superuser(email, DEMO_PASSWORD, full_name=name)
        else:
            assert role is not None
            user_create(email=email, role=role, full_name=name, password=DEMO_PASSWORD)
