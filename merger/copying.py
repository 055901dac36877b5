"""Copying one province's records into another's schema, in SQL, with every key remapped.

Both schemas live in one database, so the copy is a series of `INSERT … SELECT` from the source's
tables into the target's, inside the caller's transaction: a merge killed halfway leaves nothing.

Each model gets a temporary map of its source keys to target keys, filled before its rows are
copied, so a row and the rows pointing at it (an enterprise's assessments, an activity's
participants, a self-reference such as a merged duplicate) find their new keys by a join:

- a *matched* model finds the target's own record by its natural key (an enterprise by tax code, an
  account by e-mail): the source's rows map onto it and are not copied;
- every other model of the province's apps is *copied*, with new keys from the target's sequences;
  rows whose parent was not copied lose that reference (set null) or, where it is required, are left
  out, and the models that may clash with the target's own under a unique constraint (the same
  enterprise honoured twice in a year) drop the clashing row, as the registry's merge does;
- a few models are *skipped*: sessions, lockouts, API keys and their calls, reminders already sent,
  jobs that ran.

The rules are declared by model label below; a model added later is copied unless it is listed, so a
new feature's records are never left behind (tests/merger checks that every model has a rule).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, models

# Natural keys: the target's record with the same values is the same thing.
MATCHED: dict[str, tuple[str, ...]] = {
    "contenttypes.ContentType": ("app_label", "model"),
    "auth.Permission": ("content_type", "codename"),
    "auth.Group": ("name",),
    "accounts.User": ("email",),
    "enterprises.Association": ("name",),
    "enterprises.Enterprise": ("tax_code",),
    "programme.Agency": ("name",),
    "programme.Provider": ("name",),
    "assessments.ModelVersion": ("key", "digest"),
}
# Matched models whose unmatched rows are not created either (the same apps give the same rows).
MATCH_ONLY = {"contenttypes.ContentType", "auth.Permission"}

SKIPPED = {
    "sessions.Session",  # people sign in again on the merged province's site
    "axes.AccessAttempt",
    "axes.AccessAttemptExpiration",
    "axes.AccessFailureLog",
    "axes.AccessLog",
    "api.ApiKey",  # revoked in the source: a client asks the merged province for a new key
    "api.ApiCall",
    "core.Job",  # finished work; its files stay in the source's folder
    "enterprises.ImportColumnChoice",  # the source's learned column names: the target has its own
    "programme.UpdateReminder",  # reminders already sent
    "reports.ReportReminder",
}

# Many-to-many links copied onto a matched record too (an enterprise keeps both provinces'
# associations; an agency gains the source's members). The others are copied only for new records:
# an account present in the target keeps its own role and rights.
LINKS_JOINED = {"enterprises.Enterprise.associations", "programme.Agency.members"}


@dataclass
class TableResult:
    label: str
    matched: int = 0
    copied: int = 0
    dropped: int = 0
    seconds: float = 0.0


@dataclass
class Copier:
    """Copies the source schema's tenant records into the target schema (the current transaction)."""

    source: str  # schema names
    target: str
    # Column values set on every copied row of a model: {"programme.Plan": {"former_province": "…"}}.
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)
    # A suffix making a copied record's unique key distinct when the target uses it already.
    key_suffix: str = ""
    results: dict[str, TableResult] = field(default_factory=dict)
    _maps: dict[str, str] = field(default_factory=dict)  # model label -> its map table

    def run(self) -> dict[str, TableResult]:
        for model in copy_order():
            label = model._meta.label
            if label in SKIPPED:
                continue
            self.results[label] = TableResult(label)
            self._map_create(model)
            if label in MATCHED:
                self._match(model)
            if label not in MATCH_ONLY:
                self._copy(model)
        return self.results

    def map_table(self, label: str) -> str:
        return self._maps[label]

    def pairs(self, label: str, *, created: bool) -> list[tuple[Any, Any]]:
        """(source key, target key) of a model's rows that were copied (`created`) or matched."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT old, new FROM {self._maps[label]} WHERE created = %s ORDER BY old", [created])
            return list(cursor.fetchall())

    def drop_maps(self) -> None:
        with connection.cursor() as cursor:
            for table in self._maps.values():
                cursor.execute(f"DROP TABLE IF EXISTS {table}")
        self._maps.clear()

    # The steps, per model.

    def _map_create(self, model: type[models.Model]) -> None:
        table = f"pg_temp.merge_map_{len(self._maps)}"
        kind = model._meta.pk.db_type(connection)
        kind = {"serial": "integer", "bigserial": "bigint"}.get(kind or "", kind)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {table} "
                f"(old {kind} PRIMARY KEY, new {kind} NOT NULL, created boolean NOT NULL)"
            )
        self._maps[model._meta.label] = table

    def _match(self, model: type[models.Model]) -> None:
        meta = model._meta
        joins, conditions = [], []
        for name in MATCHED[meta.label]:
            column: Any = meta.get_field(name)
            if column.is_relation:
                alias = f"k_{column.column}"
                joins.append(
                    f"JOIN {self._maps[_label(column.related_model)]} {alias} ON {alias}.old = s.{q(column.column)}"
                )
                conditions.append(f"t.{q(column.column)} = {alias}.new")
            else:
                conditions.append(f"t.{q(column.column)} = s.{q(column.column)}")
        pk = q(meta.pk.column)
        self._execute(
            f"INSERT INTO {self._maps[meta.label]} (old, new, created) "
            f"SELECT DISTINCT ON (s.{pk}) s.{pk}, t.{pk}, false FROM {self._table(self.source, model)} s "
            + " ".join(joins)
            + f" JOIN {self._table(self.target, model)} t ON "
            + " AND ".join(conditions)
            + f" ORDER BY s.{pk}, t.{pk}",
            label=meta.label,
            counter="matched",
        )

    def _copy(self, model: type[models.Model]) -> None:
        meta = model._meta
        label = meta.label
        pk = meta.pk
        assert pk is not None
        source_table, target_table = self._table(self.source, model), self._table(self.target, model)
        if pk.get_internal_type() in ("AutoField", "BigAutoField", "SmallAutoField"):
            new_key = f"nextval(pg_get_serial_sequence('{target_table}', '{pk.column}'))"
        else:
            new_key = f"s.{q(pk.column)}"  # a UUID: kept
        mapping = self._maps[label]
        mapped = self._execute(
            label=label,
            sql=f"INSERT INTO {mapping} (old, new, created) SELECT s.{q(pk.column)}, {new_key}, true "
            f"FROM {source_table} s WHERE NOT EXISTS (SELECT 1 FROM {mapping} m WHERE m.old = s.{q(pk.column)}) "
            f"ORDER BY s.{q(pk.column)}",
        )
        owner = self._link_owner(model)
        columns, values, joins = [], [], [f"JOIN {mapping} m ON m.old = s.{q(pk.column)} AND m.created"]
        overrides = self.overrides.get(label, {})
        for column in meta.concrete_fields:
            columns.append(q(column.column))
            if column.primary_key:
                values.append("m.new")
            elif column.name in overrides:
                values.append("%s")
            elif column.is_relation:
                related = _label(column.related_model)
                if related not in self._maps and related in _tenant_labels():
                    if not column.null:
                        raise RuntimeError(f"{label}.{column.name} needs {related}, which is not copied")
                    values.append("NULL")
                    continue
                if related not in self._maps:  # a national model (a ward): the same row
                    values.append(f"s.{q(column.column)}")
                    continue
                alias = f"f_{column.column}"
                kind = "LEFT JOIN" if column.null else "JOIN"
                join = f"{kind} {self._maps[related]} {alias} ON {alias}.old = s.{q(column.column)}"
                if owner is not None and column.column == owner[0] and not owner[1]:
                    join += f" AND {alias}.created"  # a link of a record copied anew only
                joins.append(join)
                values.append(f"{alias}.new")
            else:
                values.append(f"s.{q(column.column)}")
        values = self._special(label, values, [c.name for c in meta.concrete_fields])
        conflict = " ON CONFLICT DO NOTHING" if may_clash(model) else ""
        params = [overrides[c.name] for c in meta.concrete_fields if c.name in overrides and not c.primary_key]
        copied = self._execute(
            f"INSERT INTO {target_table} ({', '.join(columns)}) SELECT {', '.join(values)} "
            f"FROM {source_table} s {' '.join(joins)}{conflict}",
            params,
            label=label,
            counter="copied",
        )
        if copied < mapped:
            # Rows the target refused or that had nothing to hang on: their map entries go, so nothing
            # points at them.
            self._execute(
                f"DELETE FROM {mapping} m WHERE m.created AND NOT EXISTS "
                f"(SELECT 1 FROM {target_table} t WHERE t.{q(pk.column)} = m.new)",
                label=label,
                counter="dropped",
            )

    def _special(self, label: str, values: list[str], names: list[str]) -> list[str]:
        """Columns a copy cannot take as they are, computed instead."""
        index = {name: i for i, name in enumerate(names)}
        target = self.target
        if label == "programme.Agency":  # the key is unique too: a new agency with a used key gets a suffix
            key = values[index["key"]]
            table = self._table(target, apps.get_model("programme", "Agency"))
            suffix = self.key_suffix
            values[index["key"]] = (
                f"CASE WHEN EXISTS (SELECT 1 FROM {table} x WHERE x.key = {key}) "
                f"THEN left({key}, {60 - len(suffix)}) || '{suffix}' ELSE {key} END"
            )
        if label == "assessments.ModelVersion":  # a version the target lacks takes the next number
            table = self._table(target, apps.get_model("assessments", "ModelVersion"))
            values[index["number"]] = (
                f"(SELECT coalesce(max(x.number), 0) FROM {table} x WHERE x.key = s.key) "
                "+ row_number() OVER (PARTITION BY s.key ORDER BY s.number)"
            )
        if label == "enterprises.NotDuplicate":  # stored with the lower key first
            first, second = values[index["first"]], values[index["second"]]
            values[index["first"]], values[index["second"]] = (
                f"LEAST({first}, {second})",
                f"GREATEST({first}, {second})",
            )
        return values

    def _link_owner(self, model: type[models.Model]) -> tuple[str, bool] | None:
        """For an automatic many-to-many table: the column pointing at the model that declares the
        field, and whether links are joined onto matched records too."""
        if not model._meta.auto_created:
            return None
        for declaring in apps.get_models():
            for m2m in declaring._meta.local_many_to_many:
                if m2m.remote_field.through is model:
                    joined = f"{declaring._meta.label}.{m2m.name}" in LINKS_JOINED
                    return m2m.m2m_column_name(), joined
        return None

    def _table(self, schema: str, model: type[models.Model]) -> str:
        return f"{q(schema)}.{q(model._meta.db_table)}"

    def _execute(self, sql: str, params: Iterable[Any] = (), *, label: str = "", counter: str = "") -> int:
        """Runs one statement; returns how many rows it wrote, added to the model's `counter`."""
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute(sql, list(params))
            count = max(cursor.rowcount, 0)
        if label:
            result = self.results[label]
            result.seconds += time.monotonic() - started
            if counter:
                setattr(result, counter, getattr(result, counter) + count)
        return count


def may_clash(model: type[models.Model]) -> bool:
    """Whether the model's rows may clash with the target's own under a unique constraint once
    enterprises and accounts are matched (the same enterprise honoured twice in a year, an account
    with an enterprise login in both): such a row is dropped, the target recording the same fact, as
    the registry's merge drops it."""
    meta = model._meta
    matched = {
        field.name for field in meta.concrete_fields if field.is_relation and _label(field.related_model) in MATCHED
    }
    if any(field.unique and field.name in matched for field in meta.concrete_fields):
        return True
    together = [
        set(constraint.fields) for constraint in meta.constraints if isinstance(constraint, models.UniqueConstraint)
    ]
    together += [set(fields) for fields in meta.unique_together]
    return any(fields & matched for fields in together)


def q(name: str | None) -> str:
    """A quoted SQL identifier."""
    if name is None:
        raise ValueError("a column without a name")
    return '"' + name.replace('"', '""') + '"'


def _label(model: Any) -> str:
    """The label of a relation's model ("enterprises.Enterprise")."""
    return str(model._meta.label)


def _tenant_labels() -> set[str]:
    return {model._meta.label for model in tenant_models()}


def tenant_models() -> list[type[models.Model]]:
    """Every model with a table in a province's schema, many-to-many tables included."""
    tenant_apps = set(settings.TENANT_APPS)
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_config.name in tenant_apps and model._meta.managed and not model._meta.proxy
    ]


def copy_order() -> list[type[models.Model]]:
    """Tenant models, each after every model it points at (self-references aside)."""
    todo = {model._meta.label: model for model in tenant_models()}
    needs = {
        label: {
            _label(column.related_model)
            for column in model._meta.concrete_fields
            if column.is_relation and _label(column.related_model) in todo and column.related_model is not model
        }
        for label, model in todo.items()
    }
    ordered: list[type[models.Model]] = []
    done: set[str] = set()
    while todo:
        ready = sorted(label for label in todo if needs[label] <= done)
        if not ready:
            raise RuntimeError(f"circular references between {sorted(todo)}")
        for label in ready:
            ordered.append(todo.pop(label))
            done.add(label)
    return ordered
