"""Writing many new rows at once: PostgreSQL's COPY, ``bulk_create`` elsewhere.

``bulk_create`` builds a model instance per row and prepares every value field by field,
which costs more than the database's own work for an import of many thousand rows. On
PostgreSQL, ``insert`` streams plain values with COPY (psycopg); the fields not given get
their defaults (``auto_now`` and ``auto_now_add``: one time for all rows), as ``save``
would give them. Signals are not sent, as with ``bulk_create``.
"""

from __future__ import annotations

import json
import operator
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone

# Fields whose Python values PostgreSQL takes as they are (psycopg adapts them); other
# fields prepare each value as Django would.
_PLAIN = (
    models.AutoField,
    models.BigAutoField,
    models.BigIntegerField,
    models.BooleanField,
    models.CharField,
    models.DateField,
    models.DateTimeField,
    models.EmailField,
    models.ForeignKey,
    models.IntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.SmallIntegerField,
    models.TextField,
    models.UUIDField,
)


def insert(model: type[models.Model], rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (field attnames to values, the same names in every row) as new
    records of ``model``. An automatic primary key left out is given by the database."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create([model(**row) for row in rows], batch_size=2000)
        return
    given = set(rows[0])
    now = timezone.now()
    fields = [
        field
        for field in model._meta.concrete_fields
        if field.attname in given or not (field.primary_key and isinstance(field, models.AutoField))
    ]
    # The columns in three groups: values taken as they are (one C call per row), values
    # prepared per row, and values the same for every row (defaults).
    plain = [f for f in fields if f.attname in given and type(f) in _PLAIN]
    prepared: list[tuple[models.Field[Any, Any], Callable[[Mapping[str, Any]], Any]]] = []
    constant: list[tuple[models.Field[Any, Any], Any]] = []
    for field in fields:
        if field not in plain:
            how, value = _getter(field, given, now)
            (prepared if how == "row" else constant).append((field, value))
    take = _taker([field.attname for field in plain])
    getters = [getter for _field, getter in prepared]
    defaults = tuple(value for _field, value in constant)
    ordered = plain + [field for field, _getter in prepared] + [field for field, _v in constant]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in ordered)
    table = connection.ops.quote_name(model._meta.db_table)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        write = copy.write_row
        for row in rows:
            write((*take(row), *[get(row) for get in getters], *defaults))


def _taker(names: list[str]) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
    """The values of ``names`` of a row, as a tuple."""
    if not names:
        return lambda row: ()
    if len(names) == 1:
        name = names[0]
        return lambda row: (row[name],)
    return operator.itemgetter(*names)


def _getter(field: models.Field[Any, Any], given: set[str], now: Any) -> tuple[str, Any]:
    """("row", a function of the row) for a value prepared per row, ("constant", the value)
    for one that is the same in every row."""
    name = field.attname
    if name in given:
        if isinstance(field, models.JSONField) and field.encoder is None:
            return "row", _json(name)
        prepared: dict[Any, Any] = {}  # few distinct values (a country code)

        def prepare(row: Mapping[str, Any]) -> Any:
            value = row[name]
            if not isinstance(value, str):
                return field.get_db_prep_save(value, connection)
            if value not in prepared:
                prepared[value] = field.get_db_prep_save(value, connection)
            return prepared[value]

        return "row", prepare
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return "constant", now
    if field.has_default() and callable(field.default):  # a new value each time (uuid4)
        return "row", lambda row: field.get_db_prep_save(field.get_default(), connection)
    return "constant", field.get_db_prep_save(field.get_default(), connection)


def _json(name: str) -> Callable[[Mapping[str, Any]], str]:
    """The JSON text of a row's value, as psycopg's Jsonb would send it; written once for
    one object given to many rows in turn (the context of an import's audit entries)."""
    last: list[Any] = [None, "null"]

    def dump(row: Mapping[str, Any]) -> str:
        value = row[name]
        if value is not last[0]:
            last[:] = [value, json.dumps(value)]
        return str(last[1])

    return dump


def insert_objects(model: type[models.Model], objects: Sequence[models.Model]) -> None:
    """``insert`` for unsaved model instances (their primary keys are not filled in)."""
    names = (
        [
            field.attname
            for field in model._meta.concrete_fields
            if not (field.primary_key and getattr(objects[0], field.attname, None) is None)
        ]
        if objects
        else []
    )
    insert(model, [{name: getattr(obj, name) for name in names} for obj in objects])
