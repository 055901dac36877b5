"""The system log in words: every action recorded has a label in both languages, the action is
chosen from a list, details read as words, objects link to their pages, imports count truly."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.conf import settings
from django.test import Client
from django_tenants.utils import schema_context

from accounts.roles import Role
from assessments.models import EventAction, SignupStatus
from core.audit import ACTIONS, JOB_KINDS
from core.models import AuditEntry, Job
from core.services import audit_record
from enterprises.importing.apply import enterprise_import
from enterprises.models import Enterprise
from tests.conftest import World
from tests.enterprises.test_import import HEADERS, code_2025, rows, xlsx

ROOT = Path(__file__).resolve().parents[2]
CODE = re.compile(r"[a-z_]+\.[a-z_]+")
# Codes built from a prefix and a value: the values each can take.
DYNAMIC = {
    "assessment.": [action.value for action in EventAction],
    "signup.": [status.value for status in SignupStatus if status != SignupStatus.PENDING],
    "participant.": ["add", "update"],
}


def _recorded_codes() -> set[str]:
    """Every action code a call of audit_record can write, read from the source."""
    codes: set[str] = set()
    for path in ROOT.rglob("*.py"):
        if {".venv", "tests", "migrations", "node_modules", "bench"} & set(path.relative_to(ROOT).parts):
            continue
        tree = ast.parse(path.read_text())
        literals = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
        for call in ast.walk(tree):
            if not (isinstance(call, ast.Call) and getattr(call.func, "id", None) == "audit_record"):
                continue
            action = next(k.value for k in call.keywords if k.arg == "action")
            if isinstance(action, ast.JoinedStr):
                prefix = action.values[0].value  # type: ignore[attr-defined]
                assert prefix in DYNAMIC, f"{path}: list the codes of f-string {ast.unparse(action)} in DYNAMIC"
                codes |= {prefix + value for value in DYNAMIC[prefix]}
            elif isinstance(action, ast.Name):
                # Passed in a variable: the codes are the file's literals that look like codes.
                codes |= {value for value in literals if CODE.fullmatch(value) and value.split(".")[0] in _prefixes()}
            else:
                found = {n.value for n in ast.walk(action) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
                assert found, f"{path}:{call.lineno}: an action code the test cannot read"
                codes |= found
    return codes


def _prefixes() -> set[str]:
    return {code.split(".")[0] for code in ACTIONS}


def test_every_action_the_code_records_has_a_label() -> None:
    recorded = _recorded_codes()
    assert {"auth.login", "job.start", "enterprise.import", "assessment.validate", "user.deactivate"} <= recorded
    missing = sorted(recorded - set(ACTIONS))
    assert not missing, f"Give these audit actions a label in core/audit.py ACTIONS: {missing}"


def test_every_job_kind_has_a_label() -> None:
    kinds = {
        str(call.args[0].value)
        for path in ROOT.rglob("*.py")
        if not {".venv", "tests", "node_modules"} & set(path.relative_to(ROOT).parts)
        for call in ast.walk(ast.parse(path.read_text()))
        if isinstance(call, ast.Call) and getattr(call.func, "id", None) == "job_runner"
        and call.args and isinstance(call.args[0], ast.Constant)
    }  # fmt: skip
    assert "yearly_report" in kinds
    assert not sorted(kinds - set(JOB_KINDS)), "Give these job kinds a label in core/audit.py JOB_KINDS"


def _entries(world: World) -> Job:
    with schema_context(world.province_a.schema_name):
        job = Job.objects.create(kind="yearly_report", created_by=world.admin_a)
        enterprise = Enterprise.objects.create(tax_code="0100109106", name="Công ty TNHH Gỗ Tân Phong")
        audit_record(actor=world.admin_a, action="job.start", obj=job, changes={"kind": "yearly_report"})
        audit_record(
            actor=world.admin_a,
            action="user.change_role",
            obj=world.staff_a,
            changes={"role": [Role.PROVINCE_STAFF, Role.EXPERT]},
        )
        audit_record(
            actor=world.admin_a,
            action="enterprise.update",
            obj=enterprise,
            changes={"size": ["small", "medium"], "tax_code": ["0100109106", "0100109107"]},
        )
        audit_record(
            actor=world.admin_a, action="enterprise.import", changes={"file": "dn.xlsx", "created": 3604, "rejected": 1}
        )
        audit_record(actor=world.admin_a, action="report.start", changes={"year": 2026})
        return job


def test_the_system_log_reads_in_words_and_links_the_objects(world: World, db: None, client_a: Client) -> None:
    job = _entries(world)
    page = client_a.get("/audit/").text
    assert '<h1 class="h3 mb-3">Nhật ký hệ thống</h1>' in page
    assert "Bắt đầu tác vụ nền" in page
    assert "loại: Báo cáo năm (PDF và phụ lục)" in page
    assert "Đổi vai trò" in page
    assert "job.start</td>" not in page
    assert "Cán bộ Sở → Chuyên gia đánh giá" in page
    assert f'href="/jobs/{job.uuid}/"' in page
    with schema_context(world.province_a.schema_name):
        enterprise = Enterprise.objects.get(tax_code="0100109106")
    assert f'href="/enterprises/{enterprise.uuid}/"' in page
    assert "quy mô: Nhỏ → Vừa" in page  # a field by its name, coded values by their labels
    assert "0100109106 → 0100109107" in page  # a tax code as recorded
    assert "đã tạo: 3.604" in page  # a count as Vietnamese writes it…
    assert ": 2026</div>" in page  # …and a year as it is
    client_a.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = client_a.get("/audit/").text
    assert "System log" in text
    assert "Background job started" in text
    assert "created: 3,604" in text
    assert ": 2026</div>" in text


def test_the_action_is_chosen_from_a_list_of_labels(world: World, db: None, client_a: Client) -> None:
    _entries(world)
    page = client_a.get("/audit/").text
    select = re.search(r'<select name="action"[^>]*>(.*?)</select>', page, re.S)
    assert select is not None
    assert '<option value="auth.login">Đăng nhập</option>' in select.group(1)
    assert select.group(1).count("<option") == len(ACTIONS) + 1
    only = client_a.get("/audit/", {"action": "job.start"}).text
    assert re.findall(r'data-testid="audit-action"[^>]*>([^<]*)<', only) == ["Bắt đầu tác vụ nền"]


def test_an_import_entry_counts_the_rejected_rows(world: World, db: None, tmp_path: Path) -> None:
    with schema_context(world.province_a.schema_name):
        data = rows(code_2025())
    data.append(["12345", "Công ty mã sai", data[0][2], 5, 1, "", ""])
    path = xlsx(tmp_path / "dn.xlsx", HEADERS, data)
    with schema_context(world.province_a.schema_name):
        report = enterprise_import(path=path, filename=path.name, user=world.admin_a, province_code="75")
        entry = AuditEntry.objects.get(action="enterprise.import")
    assert report.rejected == 1
    assert entry.changes["rejected"] == 1
    assert entry.changes["created"] == 2
