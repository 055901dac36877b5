"""Bulk writes for large imports: PostgreSQL COPY instead of multi-row INSERT/UPDATE statements.

Django's bulk_create and bulk_update build one huge parameterised statement per batch; for tens of
thousands of rows most of the time goes into building and parsing it. COPY streams the rows. Both
functions run inside the caller's transaction and the current province's schema.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Field
from django.utils import timezone
from psycopg.copy import QueuedLibpqWriter

from enterprises.models import Enterprise
from enterprises.services import derived_fields
from reference.text import WordFolder

# COPY's text format: fields separated by tabs, rows by newlines, NULL as \N, and these four escaped.
NULL = "\\N"
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
# An array element is quoted when PostgreSQL would otherwise read it differently (array_in's rules).
_ELEMENT_QUOTED = re.compile(r'[{},"\\\s]|^$|^null$', re.IGNORECASE)
ROWS_PER_WRITE = 256  # about 90 kB: a few hundred sends instead of one per row


def _fields(names: Sequence[str] | None = None) -> list[Field[object, object]]:
    concrete = [field for field in Enterprise._meta.concrete_fields if not field.primary_key]
    if names is None:
        return concrete
    return [field for field in concrete if field.attname in names or field.name in names]


def copy_text(value: Any) -> str:
    """A value as a field of COPY's text format, as PostgreSQL reads it back into the column's type."""
    if type(value) is str:
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return value.translate(_ESCAPES)
        return value
    plain = _PLAIN.get(type(value))
    if plain is not None:
        return plain(value)
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, str):  # a choice (StrEnum): its value
        return copy_text(str.__str__(value))
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (date, time)):  # and datetime: ISO 8601 reads back whatever the DateStyle
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return copy_text("{" + ",".join(_element(item) for item in value) + "}")
    raise TypeError(f"{type(value).__name__} is not written by COPY here")


def _null(_value: None) -> str:
    return NULL


# The usual types, found by one look-up; the others take copy_text's longer way.
_PLAIN: dict[type, Callable[[Any], str]] = {
    type(None): _null,
    int: int.__repr__,
    Decimal: Decimal.__str__,
    date: date.isoformat,
    datetime: datetime.isoformat,
}


def _element(item: Any) -> str:
    if item is None:
        return "NULL"
    text = item if isinstance(item, str) else str(item)
    if _ELEMENT_QUOTED.search(text):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def copy_insert(rows: Iterable[dict[str, Any]], *, sections: dict[tuple[str, str], str]) -> None:
    """Insert new enterprises from their attribute values (by attname), filling defaults, the derived
    fields and the timestamps as Enterprise(**values).save() would, without building model objects.
    `rows` may be a generator: PostgreSQL indexes the rows sent while it produces the next ones.

    Each row is written as a line of COPY's text format, from a line of the defaults where only the
    given values and the derived fields change: psycopg's per-value adaptation cost more than the
    checks of the row."""
    # The uuid comes from the column's database default (gen_random_uuid()).
    fields = [field for field in _fields() if field.attname != "uuid"]
    attnames = [field.attname for field in fields]
    position = {name: index for index, name in enumerate(attnames)}
    defaults = {key: value for key, value in Enterprise().__dict__.items() if key != "_state"}
    now = timezone.now()
    defaults.update(created_at=now, updated_at=now)
    template = [copy_text(defaults[name]) for name in attnames]
    derived_at = [position[name] for name in ("section", "size_computed", "size", "search_text")]
    fold = WordFolder()
    table = connection.ops.quote_name(Enterprise._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(str(field.column)) for field in fields)
    with (
        connection.cursor() as cursor,
        # The queued writer sends in a thread, so PostgreSQL indexes rows while Python prepares the next.
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN", writer=QueuedLibpqWriter(cursor.cursor)) as copy,
    ):
        lines: list[str] = []
        for given in rows:
            line = template.copy()
            for name, value in given.items():
                at = position.get(name)
                if at is None:
                    continue
                if type(value) is str and not ("\\" in value or "\t" in value or "\n" in value or "\r" in value):
                    line[at] = value
                else:
                    line[at] = copy_text(value)
            get = given.get
            derived = derived_fields(
                get("vsic_edition", defaults["vsic_edition"]),
                get("main_sector", defaults["main_sector"]),
                get("headcount", defaults["headcount"]),
                get("revenue", defaults["revenue"]),
                get("capital", defaults["capital"]),
                get("size_override", defaults["size_override"]),
                get("name", defaults["name"]),
                get("short_name", defaults["short_name"]),
                get("tax_code", defaults["tax_code"]),
                sections,
                fold=fold,
            )
            for at, value in zip(derived_at, derived, strict=True):
                line[at] = value if "\\" not in value else copy_text(value)  # letters, and words folded
            lines.append("\t".join(line))
            if len(lines) == ROWS_PER_WRITE:
                lines.append("")
                copy.write("\n".join(lines).encode())
                lines = []
        if lines:
            lines.append("")
            copy.write("\n".join(lines).encode())


def copy_update(enterprises: Sequence[Enterprise], names: Sequence[str]) -> None:
    """Write these columns of existing enterprises through a temporary staging table."""
    if not enterprises:
        return
    fields = _fields([*names, "updated_at"])
    table = connection.ops.quote_name(Enterprise._meta.db_table)
    quoted = [connection.ops.quote_name(str(field.column)) for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE enterprise_import_stage ON COMMIT DROP AS "
            f"SELECT id, {', '.join(quoted)} FROM {table} WITH NO DATA"
        )
        now = timezone.now()
        attnames = [field.attname for field in fields]
        with cursor.cursor.copy(f"COPY enterprise_import_stage (id, {', '.join(quoted)}) FROM STDIN") as copy:
            for enterprise in enterprises:
                enterprise.updated_at = now
                values = enterprise.__dict__
                copy.write_row([enterprise.pk, *(values[name] for name in attnames)])
        assignments = ", ".join(f"{column} = stage.{column}" for column in quoted)
        cursor.execute(
            f"UPDATE {table} AS e SET {assignments} FROM enterprise_import_stage AS stage WHERE e.id = stage.id"
        )
        cursor.execute("DROP TABLE enterprise_import_stage")
