"""What a province's schema holds: its tables, sequences and the files its rows point to.

Read with any cursor (Django's or a raw psycopg one in a snapshot); names are schema-qualified, so the
connection's search path does not matter.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, models
from psycopg import sql


def schema_tables(cursor: Any, schema: str) -> list[tuple[str, list[str]]]:
    """Every table of the schema with its stored (not generated) columns, in column order."""
    cursor.execute(
        """SELECT c.relname, array_agg(a.attname::text ORDER BY a.attnum)
             FROM pg_class c
             JOIN pg_namespace n ON n.oid = c.relnamespace
             JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
            WHERE n.nspname = %s AND c.relkind IN ('r', 'p')
            GROUP BY c.relname ORDER BY c.relname""",
        [schema],
    )
    return [(name, list(columns)) for name, columns in cursor.fetchall()]


def schema_sequences(cursor: Any, schema: str) -> dict[str, tuple[int, bool]]:
    cursor.execute(
        """SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = %s AND c.relkind = 'S' ORDER BY c.relname""",
        [schema],
    )
    values = {}
    for (name,) in cursor.fetchall():
        cursor.execute(sql.SQL("SELECT last_value, is_called FROM {}").format(sql.Identifier(schema, name)))
        last_value, is_called = cursor.fetchone()
        values[name] = (int(last_value), bool(is_called))
    return values


def file_columns(tables: set[str]) -> list[tuple[str, str]]:
    """(table, column) of every file field whose table is among `tables`."""
    return sorted(
        (model._meta.db_table, str(field.column))
        for model in apps.get_models()
        if model._meta.db_table in tables
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField)
    )


def schema_files(cursor: Any, schema: str, tables: set[str]) -> list[str]:
    """The stored names of every file a row of the schema points to."""
    names: set[str] = set()
    for table, column in file_columns(tables):
        cursor.execute(
            sql.SQL("SELECT DISTINCT {column} FROM {table} WHERE {column} <> ''").format(
                column=sql.Identifier(column), table=sql.Identifier(schema, table)
            )
        )
        names.update(name for (name,) in cursor.fetchall())
    return sorted(names)


def in_province_folder(name: str, schema: str) -> bool:
    """Province files live at `<kind>/<schema>/…` (jobs/dong_nai/…, reports/dong_nai/…)."""
    parts = PurePosixPath(name).parts
    return len(parts) >= 3 and parts[1] == schema and ".." not in parts and not name.startswith("/")


def file_moved(name: str, old_schema: str, new_schema: str) -> str:
    parts = PurePosixPath(name).parts
    return str(PurePosixPath(parts[0], new_schema, *parts[2:])) if parts[1] == old_schema else name


def media_folders(schema: str) -> list[Path]:
    """The folders under MEDIA_ROOT holding files of the schema's rows."""
    with connection.cursor() as cursor:
        tables = {name for name, _columns in schema_tables(cursor, schema)}
        names = schema_files(cursor, schema, tables)
    kinds = sorted({PurePosixPath(name).parts[0] for name in names if in_province_folder(name, schema)})
    return [Path(settings.MEDIA_ROOT) / kind / schema for kind in kinds]
