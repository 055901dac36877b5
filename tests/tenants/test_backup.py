"""province_backup and province_restore against the real database: a seeded province is backed up,
deleted, restored (and restored again beside itself under another slug), and every table and file
comes back as it was. Everything runs committed, in a thread of its own (`committed`), as the
commands do in production: the backup reads its own REPEATABLE READ snapshot on a second connection."""

from __future__ import annotations

import gzip
import io
import json
import tarfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django_tenants.utils import schema_context, schema_exists
from psycopg import sql

from accounts.models import User
from assessments.services.versions import model_versions_install_shipped
from campaigns.models import Activity, ActivityDocument
from core.models import Job
from demo.assessments import demo_assessments_ensure
from demo.campaigns import demo_activities_ensure, demo_plan_ensure
from demo.enterprises import demo_enterprises_ensure
from tenants.models import Domain, Province
from tenants.schemas import schema_tables
from tenants.services import province_delete
from tests.conftest import World, committed
from tests.factories import PASSWORD, ProvinceFactory, UserFactory

SLUG, SCHEMA, COPY_SLUG, COPY_SCHEMA = "ha-tinh", "ha_tinh", "ha-tinh-sao", "ha_tinh_sao"
REPORT = b"%PDF-1.7 bao cao nam 2026 \x00\xff"


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
    except SystemExit as exit_info:
        return int(exit_info.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def _seed() -> Province:
    """Hà Tĩnh with a registry, assessments, a plan with activities, and two files."""
    province = ProvinceFactory.create(name="Hà Tĩnh", code="42", slug=SLUG)
    with schema_context(SCHEMA):
        staff = User.objects.get(email=f"admin@{SLUG}.{settings.BASE_DOMAIN}")
        model_versions_install_shipped()
        demo_enterprises_ensure(province_code="42", count=40)
        demo_assessments_ensure(seed=SLUG, count=12)
        demo_plan_ensure(slug="dong-nai", association_user=None)
        demo_activities_ensure(staff=staff, seed=SLUG, count=4)
        job = Job.objects.create(kind="registry_export", created_by=staff, params={"q": "Cà phê"})
        job.result_file.save("danh-sach.csv", ContentFile("mã số thuế;tên\n".encode()))
        document = ActivityDocument(activity=Activity.objects.order_by("pk").first(), title="Báo cáo")
        document.file.save("bao-cao.pdf", ContentFile(REPORT))
    return province


def _fingerprint(schema: str) -> dict[str, tuple[int, str]]:
    """Each table's row count and the md5 of its rows in a fixed order."""
    result = {}
    with connection.cursor() as cursor:
        for table, _columns in schema_tables(cursor, schema):
            cursor.execute(
                sql.SQL("SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM {} t")
                .format(sql.Identifier(schema, table))
            )  # fmt: skip
            count, digest = cursor.fetchone()
            result[table] = (count, digest)
    return result


def _media(schema: str) -> dict[str, bytes]:
    """The province's files by name relative to its folders."""
    root = Path(settings.MEDIA_ROOT)
    return {
        str(path.relative_to(root / path.relative_to(root).parts[0] / schema)): path.read_bytes()
        for path in root.glob(f"*/{schema}/**/*")
        if path.is_file()
    }


def _gone(slug: str, schema: str) -> bool:
    return (
        not Province.objects.filter(slug=slug).exists()
        and not Domain.objects.filter(domain=f"{slug}.{settings.BASE_DOMAIN}").exists()
        and not schema_exists(schema)
        and not _media(schema)
    )


def _clean() -> None:
    for province in Province.objects.filter(slug__in=[SLUG, COPY_SLUG]):
        province_delete(province=province)
    with connection.cursor() as cursor:
        for schema in (SCHEMA, COPY_SCHEMA):
            cursor.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


@pytest.fixture
def seeded(world: World, db: None) -> Iterator[None]:
    committed(_clean)
    yield
    committed(_clean)


def test_a_province_backed_up_deleted_and_restored_is_the_same_table_by_table_and_file_by_file(
    seeded: None, tmp_path: Path
) -> None:
    archive = tmp_path / "ha-tinh.tar.gz"

    def backup_and_delete() -> tuple[dict[str, tuple[int, str]], dict[str, bytes], str]:
        province = _seed()
        before, files = _fingerprint(SCHEMA), _media(SCHEMA)
        code, out, err = _run("province_backup", "--province", SLUG, "--out", str(archive))
        assert (code, err) == (0, ""), err
        assert json.loads(out) == {"tables": len(before), "rows": sum(n for n, _ in before.values()), "files": 2,
                                   "missing_files": 0}  # fmt: skip
        with schema_context(SCHEMA):
            cache.set("stats:dashboard:figures", "đã đếm trước khi xóa")
        province_delete(province=province)
        assert _gone(SLUG, SCHEMA)
        return before, files, str(province.uuid)

    before, files, uuid = committed(backup_and_delete)
    assert before["enterprises_enterprise"][0] == 40 + 6  # the demo also enters six twice
    assert before["assessments_assessment"][0] > 0
    assert len(files) == 2
    assert REPORT in files.values()

    def restore() -> tuple[dict[str, tuple[int, str]], dict[str, bytes], Province]:
        code, out, err = _run("province_restore", "--file", str(archive))
        assert (code, err) == (0, ""), err
        assert out == f"Tỉnh Hà Tĩnh: schema {SCHEMA}, {SLUG}.{settings.BASE_DOMAIN}\n"
        return _fingerprint(SCHEMA), _media(SCHEMA), Province.objects.get(slug=SLUG)

    after, files_after, province = committed(restore)
    assert after == before  # every table: same rows, same values (sequences, migrations and files' names too)
    assert files_after == files
    assert (str(province.uuid), province.code, province.name) == (uuid, "42", "Hà Tĩnh")
    with schema_context(SCHEMA):
        assert cache.get("stats:dashboard:figures") is None  # nothing cached describes the deleted rows

    # The restored province works: its admin signs in, a new row gets a fresh id.
    def use() -> None:
        with schema_context(SCHEMA):
            assert User.objects.get(email=f"admin@{SLUG}.{settings.BASE_DOMAIN}").check_password(PASSWORD)
            ids = set(Job.objects.values_list("pk", flat=True))
            assert Job.objects.create(kind="registry_export").pk > max(ids)

    committed(use)

    # The same archive beside the original, under another slug and code: its own schema, domain and files.
    def restore_copy() -> tuple[dict[str, tuple[int, str]], dict[str, bytes], list[str]]:
        code, _out, err = _run("province_restore", "--file", str(archive), "--as", COPY_SLUG, "--code", "43")
        assert (code, err) == (0, ""), err
        copy = Province.objects.get(slug=COPY_SLUG)
        assert (copy.schema_name, copy.code, copy.primary_domain) == (COPY_SCHEMA, "43", f"{COPY_SLUG}.localhost")
        assert copy.uuid != province.uuid
        fingerprint = _fingerprint(COPY_SCHEMA)
        with schema_context(COPY_SCHEMA):
            names = [str(job.result_file.name) for job in Job.objects.all()]
            names += [str(document.file.name) for document in ActivityDocument.objects.all()]
            UserFactory.create(email="chi-o-ban-sao@ha-tinh.vn")
        return fingerprint, _media(COPY_SCHEMA), names

    copied, copied_files, names = committed(restore_copy)
    assert copied_files == files
    assert len(names) == 2
    assert all(name.split("/")[1] == COPY_SCHEMA and (Path(settings.MEDIA_ROOT) / name).is_file() for name in names)
    file_tables = {"core_job", "programme_activitydocument"}  # their rows name the copy's own folder
    assert {t: v for t, v in copied.items() if t not in file_tables} == {
        t: v for t, v in before.items() if t not in file_tables
    }
    assert {t: copied[t][0] for t in file_tables} == {t: before[t][0] for t in file_tables}

    # What happens in the copy stays in the copy.
    def original() -> tuple[bool, dict[str, bytes]]:
        with schema_context(SCHEMA):
            return User.objects.filter(email="chi-o-ban-sao@ha-tinh.vn").exists(), _media(SCHEMA)

    assert committed(original) == (False, files)


def test_an_existing_slug_a_damaged_archive_or_a_failing_load_give_a_clear_error_and_leave_nothing(
    world: World, db: None, tmp_path: Path
) -> None:
    archive = tmp_path / "dong-nai.tar.gz"
    code, _out, err = _run("province_backup", "--province", "dong-nai", "--out", str(archive))
    assert code == 0, err
    provinces = Province.objects.count()

    code, _out, err = _run("province_backup", "--province", "dong-nai", "--out", str(tmp_path / "no" / "x.tar.gz"))
    assert (code, err) == (
        2,
        f"Lỗi / Error: Thư mục {tmp_path / 'no'} không tồn tại. / The folder {tmp_path / 'no'} does not exist.\n",
    )
    none = tmp_path / "none.tar.gz"
    code, _out, err = _run("province_restore", "--file", str(none))
    assert (code, err) == (2, f"Lỗi / Error: Tệp {none} không tồn tại. / The file {none} does not exist.\n")

    code, _out, err = _run("province_restore", "--file", str(archive))
    assert code == 2
    assert err == "Lỗi / Error: Đã có tỉnh, thành phố dùng tên miền con “dong-nai”. / " \
                  "A province with the slug “dong-nai” already exists.\n"  # fmt: skip

    code, _out, err = _run("province_restore", "--file", str(archive), "--as", "dong-nai-2")
    assert code == 2
    assert "mã thống kê 75" in err
    assert "statistics code 75" in err

    data = archive.read_bytes()
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(data[: len(data) * 2 // 3])
    code, _out, err = _run("province_restore", "--file", str(truncated), "--as", "dong-nai-2", "--code", "99")
    assert code == 2
    assert err.startswith("Lỗi / Error: ")
    assert "truncated.tar.gz" in err
    assert "không phải bản sao lưu đầy đủ" in err
    assert "is not a complete province backup" in err

    # A table changed after the backup (one byte of its data): its hash no longer matches.
    raw = bytearray(gzip.decompress(data))
    with tarfile.open(fileobj=io.BytesIO(raw)) as tar:
        at = tar.getmember("tables/django_migrations.tsv").offset_data
    raw[at] ^= 1
    flipped = tmp_path / "flipped.tar.gz"
    flipped.write_bytes(gzip.compress(bytes(raw)))
    code, _out, err = _run("province_restore", "--file", str(flipped), "--as", "dong-nai-2", "--code", "99")
    assert code == 2
    assert "tables/django_migrations.tsv is damaged" in err

    # An archive of a newer portal is refused before anything is created.
    newer = _manifest_changed(
        data, tmp_path / "newer.tar.gz", lambda m: m["migrations"].append(["enterprises", "9999_future"])
    )
    code, _out, err = _run("province_restore", "--file", str(newer), "--as", "dong-nai-2", "--code", "99")
    assert code == 2
    assert "phiên bản cổng mới hơn" in err
    assert "enterprises.9999_future" in err

    # A manifest that disagrees with a table's rows: the load fails midway and is rolled back whole.
    def lie(manifest: dict[str, Any]) -> None:
        next(t for t in manifest["tables"] if t["name"] == "enterprises_enterprise")["rows"] += 1

    lying = _manifest_changed(data, tmp_path / "lying.tar.gz", lie)
    code, _out, err = _run("province_restore", "--file", str(lying), "--as", "dong-nai-2", "--code", "99")
    assert code == 2
    assert "enterprises_enterprise" in err

    assert Province.objects.count() == provinces
    assert _gone("dong-nai-2", "dong_nai_2")


def _manifest_changed(data: bytes, out: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    """A copy of the archive `data` whose manifest `change` edited, every other member as it was."""
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        members = [(member, tar.extractfile(member).read()) for member in tar]  # type: ignore[union-attr]
    manifest = json.loads(members[0][1])
    change(manifest)
    with tarfile.open(out, "w:gz") as tar:
        for member, content in [(members[0][0], json.dumps(manifest).encode()), *members[1:]]:
            member.size = len(content)
            tar.addfile(member, io.BytesIO(content))
    return out
