"""Backing up one province and restoring it, as one archive that any PostgreSQL major can read back.

pg_dump must match the server's major version (CI runs 15, `make run` 18), so the archive is built
here with psycopg instead: a tar (gzip) holding `manifest.json` first, then every table of the
province's schema in COPY text format, then the files its rows point to under MEDIA_ROOT. All tables
are read in one REPEATABLE READ READ ONLY transaction, so the archive is one moment of the province.

Not in the archive: the national site's copies of the province's figures (`reporting.national`
snapshots and submitted-report PDFs, in the public schema). They are the ministry's record, rebuilt
from the province (live snapshots nightly; a submitted report by submitting it again); the province's
own reports and their PDFs are in the archive. Files no row points to (a job's leftovers) are not kept.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import tempfile
import zlib
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import psycopg
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext_lazy as _
from psycopg import sql

from core.cache import schema_forget
from core.errors import ApplicationError
from core.services import audit_record
from tenants.models import Domain, Province
from tenants.schemas import (
    file_columns,
    file_moved,
    in_province_folder,
    schema_files,
    schema_sequences,
    schema_tables,
)
from tenants.services import province_validate, schema_name_for

FORMAT = "dbi-province-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MANIFEST_KEYS = {"schema", "province", "domains", "migrations", "tables", "sequences", "media"}
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class BackupSummary:
    tables: int
    rows: int
    files: int
    missing_files: list[str]  # pointed to by a row but absent from MEDIA_ROOT


# --- Backup ---------------------------------------------------------------------------------------------------


def province_backup(*, province: Province, out: Path) -> BackupSummary:
    """Write the province's schema and files to `out` (a .tar.gz), replacing it only once complete."""
    schema = province.schema_name
    out = out.resolve()
    if not out.parent.is_dir():
        raise ApplicationError(_("The folder %(folder)s does not exist."), {"folder": str(out.parent)})
    params = connection.get_connection_params()
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".province-backup-") as work:
        folder = Path(work)
        tables_meta: list[dict[str, Any]] = []
        with psycopg.connect(**params, autocommit=True) as raw:
            raw.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            raw.read_only = True
            with raw.transaction(), raw.cursor() as cursor:  # one snapshot for every table
                cursor.execute("SET LOCAL TIME ZONE 'UTC'")
                tables = schema_tables(cursor, schema)
                for table, columns in tables:
                    tables_meta.append(_table_dump(cursor, schema, table, columns, folder / f"{table}.tsv"))
                sequences = schema_sequences(cursor, schema)
                files = schema_files(cursor, schema, {name for name, _columns in tables})
                cursor.execute(sql.SQL("SELECT app, name FROM {} ORDER BY id").format(
                    sql.Identifier(schema, "django_migrations")))  # fmt: skip
                migrations = [list(row) for row in cursor.fetchall()]
                server_version = raw.info.server_version
        media_root = Path(settings.MEDIA_ROOT)
        present = [name for name in files if in_province_folder(name, schema) and (media_root / name).is_file()]
        missing = [name for name in files if name not in present]
        manifest = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "created_at": datetime.now(UTC).isoformat(),
            "server_version": server_version,
            "schema": schema,
            "province": json.loads(serializers.serialize("json", [province]))[0]["fields"],
            "domains": [{"domain": d.domain, "is_primary": d.is_primary} for d in province.domains.order_by("pk")],
            "migrations": migrations,
            "tables": tables_meta,
            "sequences": {name: list(value) for name, value in sequences.items()},
            "media": [_file_meta(media_root / name, name) for name in present],
            "missing_media": missing,
        }
        partial = folder / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as tar:
            _add_bytes(tar, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
            for meta in tables_meta:
                tar.add(folder / f"{meta['name']}.tsv", arcname=meta["member"])
            for meta in manifest["media"]:
                tar.add(media_root / meta["name"], arcname=meta["member"])
        partial.replace(out)
    return BackupSummary(
        tables=len(tables_meta), rows=sum(t["rows"] for t in tables_meta), files=len(present), missing_files=missing
    )


def _table_dump(cursor: Any, schema: str, table: str, columns: list[str], path: Path) -> dict[str, Any]:
    digest = hashlib.sha256()
    statement = sql.SQL("COPY {} ({}) TO STDOUT").format(
        sql.Identifier(schema, table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    with path.open("wb") as file, cursor.copy(statement) as copy:
        for data in copy:
            file.write(data)
            digest.update(data)
    return {
        "name": table,
        "columns": columns,
        "rows": cursor.rowcount,
        "sha256": digest.hexdigest(),
        "member": f"tables/{table}.tsv",
    }


def _file_meta(path: Path, name: str) -> dict[str, Any]:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while data := file.read(CHUNK):
            digest.update(data)
    return {"name": name, "size": path.stat().st_size, "sha256": digest.hexdigest(), "member": f"media/{name}"}


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(UTC).timestamp())
    tar.addfile(info, io.BytesIO(data))


# --- Restore --------------------------------------------------------------------------------------------------


def _unreadable(file: Path, reason: str) -> ApplicationError:
    return ApplicationError(
        _("%(file)s is not a complete province backup (%(reason)s); nothing was restored."),
        {"file": str(file), "reason": reason},
    )


_DAMAGED = (tarfile.TarError, EOFError, zlib.error, OSError)


def _members(file: Path) -> Generator[tuple[tarfile.TarInfo, Iterator[bytes]]]:
    """The archive's files in order, each as chunks of its content; damage raises the bilingual error."""
    try:
        with tarfile.open(file, "r:*") as tar:
            for member in tar:
                if not member.isfile():
                    raise _unreadable(file, f"unexpected entry {member.name}")
                stream = tar.extractfile(member)
                assert stream is not None  # a regular file
                yield member, _chunks(file, stream)
    except _DAMAGED as error:
        raise _unreadable(file, str(error) or type(error).__name__) from error


def _chunks(file: Path, stream: IO[bytes]) -> Iterator[bytes]:
    try:
        while data := stream.read(CHUNK):
            yield data
    except _DAMAGED as error:
        raise _unreadable(file, str(error) or type(error).__name__) from error


def _manifest(file: Path) -> dict[str, Any]:
    if not file.is_file():
        raise ApplicationError(_("The file %(file)s does not exist."), {"file": str(file)})
    members = _members(file)
    try:
        member, chunks = next(members)
        if member.name != MANIFEST:
            raise _unreadable(file, f"{MANIFEST} missing")
        manifest: dict[str, Any] = json.loads(b"".join(chunks))
    except StopIteration as error:
        raise _unreadable(file, "empty") from error
    except ValueError as error:
        raise _unreadable(file, f"{MANIFEST}: {error}") from error
    finally:
        members.close()
    if not isinstance(manifest, dict) or (manifest.get("format"), manifest.get("version")) != (FORMAT, FORMAT_VERSION):
        raise _unreadable(file, f"{MANIFEST}: not format {FORMAT} {FORMAT_VERSION}")
    if missing := sorted(MANIFEST_KEYS - manifest.keys()):
        raise _unreadable(file, f"{MANIFEST}: {', '.join(missing)} missing")
    return manifest


def _expected(manifest: dict[str, Any]) -> dict[str, tuple[str, int | None]]:
    """Each member's sha256 and, for media, size."""
    expected: dict[str, tuple[str, int | None]] = {t["member"]: (t["sha256"], None) for t in manifest["tables"]}
    expected.update({m["member"]: (m["sha256"], m["size"]) for m in manifest["media"]})
    return expected


def _verify(file: Path, manifest: dict[str, Any]) -> None:
    """Read the whole archive once: every member the manifest lists, intact, in a safe place."""
    schema = manifest["schema"]
    expected = _expected(manifest)
    for meta in manifest["media"]:
        if not in_province_folder(meta["name"], schema):
            raise _unreadable(file, f"{meta['name']} lies outside the province's folders")
    seen = set()
    for member, chunks in _members(file):
        if member.name == MANIFEST:
            continue
        if member.name not in expected:
            raise _unreadable(file, f"unexpected entry {member.name}")
        digest = hashlib.sha256()
        for data in chunks:
            digest.update(data)
        if digest.hexdigest() != expected[member.name][0]:
            raise _unreadable(file, f"{member.name} is damaged")
        seen.add(member.name)
    if missing := sorted(set(expected) - seen):
        raise _unreadable(file, f"{missing[0]} missing")


def _migration_targets(manifest: dict[str, Any]) -> list[tuple[str, str]]:
    """The archive's migration state as targets; refuse one this code does not know (a newer portal)."""
    applied = {(app, name) for app, name in manifest["migrations"]}
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    unknown = sorted(key for key in applied if key not in graph.nodes)
    if unknown:
        raise ApplicationError(
            _(
                "The backup was made by a newer version of the portal (migration %(migration)s is unknown here); "
                "upgrade the portal first."
            ),
            {"migration": ".".join(unknown[0])},
        )
    return sorted(
        key
        for key in applied
        if not any(child in applied and child[0] == key[0] for child in graph.node_map[key].children)
    )


def province_restore(*, file: Path, slug: str | None = None, code: str | None = None, actor: Any = None) -> Province:
    """Recreate the archived province — as `slug` (with a new schema and domain) when given — or nothing.

    The schema is migrated to the archive's migration state, filled with its rows, then migrated to
    this code's state; the province and its domains are created and its files written last. Any
    failure rolls the database back (PostgreSQL DDL is transactional) and removes the files written.
    """
    manifest = _manifest(file)
    fields: dict[str, Any] = manifest["province"]
    slug = slug or fields["slug"]
    code = code or fields["code"]
    old_schema, schema = manifest["schema"], schema_name_for(slug)
    as_copy = slug != fields["slug"]
    province_validate(name=fields["name"], code=code, slug=slug)
    domains = [{"domain": f"{slug}.{settings.BASE_DOMAIN}", "is_primary": True}] if as_copy else manifest["domains"]
    taken = Domain.objects.filter(domain__in=[d["domain"] for d in domains]).values_list("domain", flat=True)
    if taken:
        raise ApplicationError(_("The domain %(domain)s already belongs to another site."), {"domain": taken[0]})
    media_root = Path(settings.MEDIA_ROOT)
    files = {meta["member"]: media_root / file_moved(meta["name"], old_schema, schema) for meta in manifest["media"]}
    for path in files.values():
        if path.exists():
            raise ApplicationError(
                _("The file %(file)s already exists (left by a former province?); move it away first."),
                {"file": str(path)},
            )
    migrations = _migration_targets(manifest)
    _verify(file, manifest)
    written: list[Path] = []
    try:
        with transaction.atomic():
            province = _restore_database(
                file, manifest, schema=schema, migrations=migrations, slug=slug, code=code, as_copy=as_copy
            )
            for domain in domains:
                Domain.objects.create(tenant=province, **domain)
            audit_record(actor=actor, action="province.restore", obj=province, changes={"slug": slug, "code": code})
            transaction.on_commit(lambda: schema_forget(schema))  # nothing cached before describes these rows
            for member, chunks in _members(file):
                if member.name in files:
                    _write(chunks, files[member.name], written)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        for folder in {path.parent for path in written}:
            _prune(folder, media_root)
        raise
    finally:
        connection.set_schema_to_public()  # type: ignore[attr-defined]
    return province


def _restore_database(
    file: Path,
    manifest: dict[str, Any],
    *,
    migrations: list[tuple[str, str]],
    schema: str,
    slug: str,
    code: str,
    as_copy: bool,
) -> Province:
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    # As django-tenants migrates a new schema: the migration table first, in the schema alone.
    connection.set_schema(schema, include_public=False)  # type: ignore[attr-defined]
    MigrationRecorder(connection).ensure_schema()
    connection.set_schema(schema)  # type: ignore[attr-defined]
    MigrationExecutor(connection).migrate(migrations)
    tables = {t["name"]: t for t in manifest["tables"]}
    with connection.cursor() as cursor:
        present = {name for name, _columns in schema_tables(cursor, schema)}
        if present != set(tables):
            raise _unreadable(file, "its tables differ from its migrations")
        # Rows the migrations seeded make way for the archived ones; foreign keys are checked at commit.
        cursor.execute(
            sql.SQL("TRUNCATE {}").format(sql.SQL(", ").join(sql.Identifier(schema, t) for t in sorted(tables)))
        )
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for member, chunks in _members(file):
            if member.name.startswith("tables/"):
                meta = tables[member.name.removeprefix("tables/").removesuffix(".tsv")]
                _table_load(cursor, file, schema, meta, chunks)
        for name, (last_value, is_called) in manifest["sequences"].items():
            cursor.execute("SELECT setval(%s::regclass, %s, %s)", [f'"{schema}"."{name}"', last_value, is_called])
        if schema != manifest["schema"]:
            for table, column in file_columns(set(tables)):
                cursor.execute(
                    sql.SQL("UPDATE {table} SET {column} = regexp_replace({column}, %s, %s)").format(
                        table=sql.Identifier(schema, table), column=sql.Identifier(column)
                    ),
                    [f"^([^/]+)/{manifest['schema']}/", f"\\1/{schema}/"],
                )
    executor = MigrationExecutor(connection)  # a newer portal: migrate the restored rows forward
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate_schemas", schema_name=schema, tenant=True, interactive=False, verbosity=0)
    connection.set_schema_to_public()  # type: ignore[attr-defined]
    fields = {**manifest["province"], "schema_name": schema, "slug": slug, "code": code}
    if as_copy:
        del fields["uuid"]  # a copy beside the original is another province
    province = next(
        serializers.deserialize("json", json.dumps([{"model": "tenants.province", "fields": fields}]))
    ).object
    assert isinstance(province, Province)
    created_at = province.created_at
    province.auto_create_schema = False  # the schema is there, filled
    province.save(verbosity=0)
    if not as_copy:  # the province keeps its age; auto_now_add stamped today
        Province.objects.filter(pk=province.pk).update(created_at=created_at)
    return province


def _table_load(cursor: Any, file: Path, schema: str, meta: dict[str, Any], chunks: Iterator[bytes]) -> None:
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(schema, meta["name"]), sql.SQL(", ").join(map(sql.Identifier, meta["columns"]))
    )
    with cursor.copy(statement) as copy:
        for data in chunks:
            copy.write(data)
    if cursor.rowcount != meta["rows"]:
        raise _unreadable(file, f"{meta['name']}: {cursor.rowcount} rows instead of {meta['rows']}")


def _write(chunks: Iterator[bytes], path: Path, written: list[Path]) -> None:
    """Write a new file (never over one that exists), noting it in `written` once it is ours."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("xb") as target:
        written.append(path)
        for data in chunks:
            target.write(data)


def _prune(folder: Path, root: Path) -> None:
    """Remove empty folders from `folder` up to (not including) `root`."""
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
