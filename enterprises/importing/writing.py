"""Bulk writes for large imports: PostgreSQL COPY instead of multi-row INSERT/UPDATE statements.

Django's bulk_create and bulk_update build one huge parameterised statement per batch; for tens of
thousands of rows most of the time goes into building and parsing it. COPY streams the rows. Both
functions run inside the caller's transaction and the current province's schema.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Field
from django.utils import timezone
from psycopg.copy import QueuedLibpqWriter

from enterprises.models import Enterprise
from enterprises.services import derived_values

ARRAYS = ("other_sectors", "tags")
EMPTY_ARRAY = "{}"


def _fields(names: Sequence[str] | None = None) -> list[Field[object, object]]:
    concrete = [field for field in Enterprise._meta.concrete_fields if not field.primary_key]
    if names is None:
        return concrete
    return [field for field in concrete if field.attname in names or field.name in names]


def copy_insert(rows: Iterable[dict[str, Any]], *, sections: dict[tuple[str, str], str]) -> None:
    """Insert new enterprises from their attribute values (by attname), filling defaults, the derived
    fields and the timestamps as Enterprise(**values).save() would, without building model objects.
    `rows` may be a generator: PostgreSQL indexes the rows sent while it produces the next ones."""
    # The uuid comes from the column's database default (gen_random_uuid()).
    fields = [field for field in _fields() if field.attname != "uuid"]
    defaults = {key: value for key, value in Enterprise().__dict__.items() if key != "_state"}
    now = timezone.now()
    attnames = [field.attname for field in fields]
    table = connection.ops.quote_name(Enterprise._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(str(field.column)) for field in fields)
    with (
        connection.cursor() as cursor,
        # The queued writer sends in a thread, so PostgreSQL indexes rows while Python prepares the next.
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN", writer=QueuedLibpqWriter(cursor.cursor)) as copy,
    ):
        for given in rows:
            values = {**defaults, "created_at": now, "updated_at": now, **given}
            values.update(derived_values(values, sections))
            # Plain Python values (str, int, Decimal, date, list) are adapted by psycopg itself:
            # Django's per-field preparation would cost more than the COPY. Most rows have no other
            # sectors and no tags: an empty array is sent as its literal, which skips the list dumper.
            for name in ARRAYS:
                if not values[name]:
                    values[name] = EMPTY_ARRAY
            copy.write_row([values[name] for name in attnames])


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
