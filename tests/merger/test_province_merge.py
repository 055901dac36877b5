"""Phú Yên merged into Đắk Lắk (1/7/2025): `province_merge` hands every record over, folds the
enterprises and accounts both provinces have, and leaves nothing half-moved when its worker dies."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context
from psycopg import sql

from accounts.models import User
from accounts.roles import Role
from api.models import ApiKey
from api.services import api_key_issue
from assessments.models import Assessment
from campaigns.models import Activity, Participant, Plan
from enterprises.models import Enterprise
from merger.copying import SKIPPED, tenant_models
from reporting.statistics.counting import Filters, Period
from reporting.statistics.selectors import registry
from reporting.yearly.models import ReportVersion, YearlyReport
from tenants.models import Province
from tests.conftest import World, client_for, committed
from tests.factories import ProvinceFactory, UserFactory
from tests.test_browser import browser, forget_browser_sessions, live_server_port  # noqa: F401  (fixtures)
from tests.test_browser_evidence import Browsing

SOURCE, TARGET = "phu-yen", "dak-lak"
SHARED_TAX_CODE = "0100109106"  # registered in both provinces
SHARED_EMAIL = "chung@dbi.vn"  # an officer with an account in both
OLD_ADDRESS = "Số 5 Lê Lợi, Phường 1, Thành phố Tuy Hòa, Tỉnh Phú Yên"  # today's ward Tuy Hòa (22015)


@dataclass(frozen=True)
class Pair:
    source: Province
    target: Province
    counts: dict[str, int]  # the source's records
    target_enterprises: int
    target_users: int
    certificate: str  # a validated assessment's code in the source
    certified_name: str


def _clean() -> None:
    from tenants.services import province_delete

    for slug in (SOURCE, TARGET):  # the source points at the target: it goes first
        for province in Province.objects.filter(slug=slug):
            province_delete(province=province)
    with connection.cursor() as cursor:
        for schema in ("phu_yen", "dak_lak"):
            cursor.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


def _seed_province(province: Province, *, code: str, seed: str, officer_name: str) -> None:
    from assessments.services.versions import model_versions_install_shipped
    from demo.assessments import demo_assessments_ensure, demo_enterprise_account_ensure, demo_waves_ensure
    from demo.campaigns import demo_activities_ensure, demo_course_signups_ensure, demo_honours_ensure, demo_plan_ensure
    from demo.enterprises import demo_enterprises_ensure
    from reporting.yearly.services import report_start

    with schema_context(province.schema_name):
        admin = User.objects.get(email=f"admin@{province.slug}.vn")
        officer = UserFactory.create(email=SHARED_EMAIL, full_name=officer_name, role=Role.PROVINCE_STAFF)
        model_versions_install_shipped()
        demo_enterprises_ensure(province_code=code, count=30)
        Enterprise.objects.create(
            tax_code=SHARED_TAX_CODE,
            tax_code_kind="enterprise",
            name="Công ty Cà phê Hai Tỉnh",
            phone="0257 3823456" if seed == SOURCE else "",
            tags=["xuất khẩu"] if seed == SOURCE else ["OCOP"],
        )
        demo_assessments_ensure(seed=seed, count=12)
        expert = UserFactory.create(email=f"chuyengia@{province.slug}.vn", role=Role.EXPERT)
        demo_waves_ensure(expert=expert, staff=officer)  # validated assessments get their certificates
        demo_enterprise_account_ensure(user=UserFactory.create(email=f"dn@{province.slug}.vn", role=Role.ENTERPRISE))
        demo_plan_ensure(slug="dak-lak", association_user=None)  # both run the same plan number
        demo_activities_ensure(staff=officer, seed=seed, count=6)
        demo_honours_ensure(staff=officer)
        demo_course_signups_ensure(seed=seed)
        report_start(year=2025, user=admin)


def _seed() -> Pair:
    _clean()
    target = ProvinceFactory.create(name="Đắk Lắk", code="66", slug=TARGET, admin_email=f"admin@{TARGET}.vn")
    source = ProvinceFactory.create(name="Phú Yên", code="54", slug=SOURCE, admin_email=f"admin@{SOURCE}.vn")
    _seed_province(target, code="66", seed=TARGET, officer_name="Cán bộ Đắk Lắk")
    _seed_province(source, code="54", seed=SOURCE, officer_name="Cán bộ Phú Yên")
    with schema_context(source.schema_name):
        # Phú Yên's registry gave pre-2025 addresses (its code has no current wards).
        old = list(Enterprise.objects.filter(ward=None).exclude(tax_code=SHARED_TAX_CODE).order_by("pk")[:3])
        Enterprise.objects.filter(pk__in=[e.pk for e in old]).update(legacy_address=OLD_ADDRESS, street_address="")
        # The shared enterprise was assessed in Phú Yên by the officer both provinces know.
        shared = Enterprise.objects.get(tax_code=SHARED_TAX_CODE)
        officer = User.objects.get(email=SHARED_EMAIL)
        Assessment.objects.filter(pk=Assessment.objects.order_by("pk").values("pk")[:1]).update(
            enterprise=shared, created_by=officer
        )
        certified = Assessment.objects.exclude(certificate_code=None).select_related("enterprise").first()
        assert certified is not None
        assert certified.certificate_code
        report = YearlyReport.objects.get(year=2025)
        ReportVersion.objects.create(
            report=report,
            number=1,
            pdf=ContentFile(b"%PDF-1.4 Phu Yen 2025", name="bao-cao.pdf"),
            annex=ContentFile(b"annex", name="phu-luc.xlsx"),
            snapshot={},
        )
        api_key_issue(name="Cục Thống kê Phú Yên", scope="statistics", user=None)
        counts = {
            "enterprises": Enterprise.objects.count(),
            "assessments": Assessment.objects.count(),
            "activities": Activity.objects.count(),
            "participants": Participant.objects.count(),
            "users": User.objects.count(),
        }
        source_codes = set(Enterprise.objects.values_list("tax_code", flat=True))
        source_emails = set(User.objects.values_list("email", flat=True))
    with schema_context(target.schema_name):
        target_enterprises, target_users = Enterprise.objects.count(), User.objects.count()
        counts["overlap"] = Enterprise.objects.filter(tax_code__in=source_codes).count()  # the shared one, and more
        counts["users_overlap"] = User.objects.filter(email__in=source_emails).count()
    return Pair(
        source,
        target,
        counts,
        target_enterprises,
        target_users,
        certified.certificate_code,
        certified.enterprise.name,
    )


@pytest.fixture(scope="module")
def pair(world: World, django_db_blocker: Any) -> Iterator[Pair]:
    with django_db_blocker.unblock():
        seeded = committed(_seed)
    yield seeded
    with django_db_blocker.unblock():
        committed(_clean)


def _merge(*args: str) -> dict[str, int]:
    out = io.StringIO()
    call_command("province_merge", "--from", SOURCE, "--into", TARGET, *args, stdout=out)
    return json.loads(out.getvalue().splitlines()[-1])


def _rows(schema: str) -> dict[str, int]:
    """Every tenant table's row count in the schema."""
    counts = {}
    with connection.cursor() as cursor:
        for model in tenant_models():
            cursor.execute(
                sql.SQL("SELECT count(*) FROM {}.{}").format(
                    sql.Identifier(schema), sql.Identifier(model._meta.db_table)
                )
            )
            counts[model._meta.db_table] = cursor.fetchone()[0]
    return counts


def test_every_model_of_a_province_is_copied_matched_or_skipped_on_purpose() -> None:
    """A later feature's records are copied unless listed: the skipped list names only real models."""
    labels = {model._meta.label for model in tenant_models()}
    assert labels >= SKIPPED
    assert {"enterprises.Enterprise", "assessments.Assessment", "programme.Participant"} <= labels - SKIPPED


def test_the_merged_province_has_every_record_and_its_certificates_still_verify(pair: Pair, db: None) -> None:
    summary = _merge()

    moved = pair.counts["enterprises"] - pair.counts["overlap"]
    assert summary == {
        "enterprises_moved": moved,
        "enterprises_merged": pair.counts["overlap"],
        "assessments": pair.counts["assessments"],
        "activities": pair.counts["activities"],
        "participants": pair.counts["participants"],
        "users": pair.counts["users"],
        "reports": 1,
        "wards_mapped": 3,
        "wards_unmapped": moved - 3,
    }
    with schema_context(pair.target.schema_name):
        assert Enterprise.objects.count() == pair.target_enterprises + moved
        # The enterprise both registries had: one record, the target's, with the source's phone and tags.
        shared = Enterprise.objects.get(tax_code=SHARED_TAX_CODE)
        assert shared.phone == "0257 3823456"
        assert shared.tags == ["OCOP", "xuất khẩu"]
        # Its assessment from Phú Yên is in its history, made by the officer's one account (Đắk Lắk's).
        officer = User.objects.get(email=SHARED_EMAIL)
        assert officer.full_name == "Cán bộ Đắk Lắk"
        assert Assessment.objects.filter(enterprise=shared, created_by=officer).exists()
        assert User.objects.count() == pair.target_users + pair.counts["users"] - pair.counts["users_overlap"]
        placed = Enterprise.objects.filter(legacy_address=OLD_ADDRESS)
        assert list(placed.values_list("ward__code", flat=True)) == ["22015"] * 3
        # The plans and reports of both, the former's labelled.
        assert set(Plan.objects.values_list("former_province", flat=True)) == {"", "Tỉnh Phú Yên"}
        former = YearlyReport.objects.get(year=2025, former_province="Tỉnh Phú Yên")
        assert former.versions.get().pdf.read() == b"%PDF-1.4 Phu Yen 2025"
        # The one place figures are counted counts both registries.
        total = registry(Filters(period=Period.of_year(date.today().year)))["total"]
        assert total == Enterprise.objects.filter(merged_into=None, archived_at=None).count()
    page = client_for(pair.target).get(f"/verify/{pair.certificate}/")
    assert page.status_code == 200
    assert pair.certified_name in page.text

    pair.source.refresh_from_db()
    assert pair.source.merged_into == pair.target
    with schema_context(pair.source.schema_name):
        assert not ApiKey.objects.filter(revoked_at=None).exists()

    before = _rows(pair.target.schema_name)
    assert set(_merge().values()) == {0}  # again: nothing changes
    assert _rows(pair.target.schema_name) == before


def test_a_dry_run_counts_what_the_merge_would_do_and_changes_nothing(pair: Pair, db: None) -> None:
    before = (_rows(pair.source.schema_name), _rows(pair.target.schema_name))

    dry = _merge("--dry-run")

    assert (_rows(pair.source.schema_name), _rows(pair.target.schema_name)) == before
    pair.source.refresh_from_db()
    assert pair.source.merged_into is None
    assert dry == _merge()


def test_bad_input_is_refused_in_both_languages_and_changes_nothing(pair: Pair, world: World, db: None) -> None:
    before = _rows(pair.target.schema_name)
    for args, message in (
        (["--from", "khong-co", "--into", TARGET], "không có tỉnh “khong-co” / no province “khong-co”"),
        (["--from", TARGET, "--into", TARGET], "cannot merge into itself"),
    ):
        err = io.StringIO()
        with pytest.raises(SystemExit) as exit_:
            call_command("province_merge", *args, stderr=err)
        assert exit_.value.code == 2
        assert message in err.getvalue()
    Province.objects.filter(pk=pair.target.pk).update(merged_into=world.province_a)
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("province_merge", "--from", SOURCE, "--into", TARGET, stderr=err)
    assert exit_.value.code == 2
    assert "đã sáp nhập vào một tỉnh khác" in err.getvalue()
    assert "merged into another province already" in err.getvalue()
    assert _rows(pair.target.schema_name) == before


def test_the_superadmin_sees_a_trial_run_before_merging_in_the_national_admin(pair: Pair, db: None) -> None:
    root = User.objects.create_superuser("root@localhost", "root-password-2026")
    admin_site = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="vi")
    admin_site.force_login(root)
    page = f"/admin/tenants/province/{pair.source.pk}/"
    assert f"{page}merge/" in admin_site.get(f"{page}change/").text
    before = _rows(pair.target.schema_name)

    trial = admin_site.post(f"{page}merge/", {"target": pair.target.pk, "action": "preview"})

    assert trial.status_code == 200
    moved = pair.counts["enterprises"] - pair.counts["overlap"]
    assert "Doanh nghiệp được chuyển sang" in trial.text
    assert f'<td class="numeric">{moved}</td>' in trial.text
    assert _rows(pair.target.schema_name) == before
    pair.source.refresh_from_db()
    assert pair.source.merged_into is None

    done = admin_site.post(f"{page}merge/", {"target": pair.target.pk, "action": "merge"}, follow=True)

    assert "đã sáp nhập vào Tỉnh Đắk Lắk" in done.text
    pair.source.refresh_from_db()
    assert pair.source.merged_into == pair.target
    with schema_context(pair.target.schema_name):
        assert Enterprise.objects.count() == pair.target_enterprises + moved
    # A province officer cannot reach it.
    officer = Client(HTTP_HOST="localhost")
    officer.force_login(User.objects.create_user("ministry@localhost", "password-2026-x", is_staff=True))
    assert officer.post(f"{page}merge/", {"target": pair.target.pk, "action": "merge"}).status_code in (302, 403)


def _environment() -> dict[str, str]:
    database = connection.settings_dict
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dbi_portal.settings",
        "DJANGO_TESTING": "1",
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": (
            f"postgres://{quote(database['USER'])}:{quote(database['PASSWORD'] or '')}@"
            f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "REDIS_URL": settings.REDIS_URL,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }


def _waiting_backend(dsn: str, table: str) -> int | None:
    with psycopg.connect(dsn, autocommit=True) as watcher:
        row = watcher.execute(
            "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE %s",
            [f"%{table}%"],
        ).fetchone()
    return row[0] if row else None


def test_a_worker_killed_mid_merge_leaves_nothing_half_moved(pair: Pair, db: None) -> None:
    """The merge is killed while it copies (held at the last table by a lock): both provinces are
    as they were, and the merge run again moves everything."""
    environment = _environment()
    dsn = environment["DATABASE_URL"]
    before = (_rows(pair.source.schema_name), _rows(pair.target.schema_name))
    command = [sys.executable, "manage.py", "province_merge", "--from", SOURCE, "--into", TARGET]
    with psycopg.connect(dsn) as holder:
        holder.execute('LOCK TABLE "dak_lak"."programme_coursesignup" IN EXCLUSIVE MODE')
        worker = subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline, backend = time.monotonic() + 120, None
        while backend is None and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.2)
            backend = _waiting_backend(dsn, "programme_coursesignup")
        assert backend is not None, worker.communicate()
        # Everything before the last table is copied, uncommitted; the worker dies there.
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        holder.rollback()
    with psycopg.connect(dsn, autocommit=True) as watcher:
        while watcher.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [backend]).fetchone():
            time.sleep(0.1)

    assert (_rows(pair.source.schema_name), _rows(pair.target.schema_name)) == before
    pair.source.refresh_from_db()
    assert pair.source.merged_into is None

    done = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout.splitlines()[-1])
    assert summary["enterprises_moved"] == pair.counts["enterprises"] - pair.counts["overlap"]
    assert summary["participants"] == pair.counts["participants"]
    after = _rows(pair.target.schema_name)
    assert after["enterprises_enterprise"] == pair.target_enterprises + summary["enterprises_moved"]
    assert after["programme_participant"] == before[1]["programme_participant"] + pair.counts["participants"]


@pytest.mark.browser
@pytest.mark.parametrize("width", [1366, 390], ids=["laptop", "phone"])
def test_the_merged_province_shows_a_moved_enterprise_its_history_and_its_certificate(
    pair: Pair,
    width: int,
    live_server_port: int,  # noqa: F811
    browser: Any,  # noqa: F811
    forget_browser_sessions: None,  # noqa: F811
) -> None:
    from merger.services import province_merge

    def merged() -> Assessment:
        province_merge(source=pair.source, target=pair.target)  # done already when the tests run in order
        with schema_context(pair.target.schema_name):
            return Assessment.objects.select_related("enterprise").get(certificate_code=pair.certificate)

    certified = committed(merged)  # a thread: the browser's event loop forbids the ORM here
    before_merger = certified.submitted_at or certified.created_at
    page = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 844}).new_page()
    target = f"http://{TARGET}.localhost:{live_server_port}"
    shoot = Browsing(page, target, f"merged-{width}", width, [])
    shoot.log_in(SHARED_EMAIL)

    # The merged registry finds the enterprise that came from Phú Yên.
    page.goto(f"{target}/enterprises/?q={quote(certified.enterprise.tax_code)}")
    page.get_by_role("link", name=pair.certified_name).first.click()
    page.wait_for_url(f"{target}/enterprises/{certified.enterprise.uuid}/")
    # Its assessments from before the merger are there, with their dates.
    history = page.locator("main").inner_text()
    assert before_merger.astimezone().strftime("%d/%m/%Y") in history
    shoot.fits_and_shoot("merged-enterprise")

    # Its certificate, checked by anyone with the code, still verifies.
    page.goto(f"{target}/verify/{pair.certificate}/")
    assert pair.certified_name in page.locator("main").inner_text()
    shoot.fits_and_shoot("merged-certificate")
