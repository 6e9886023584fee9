"""Writing many new rows at once: PostgreSQL's COPY, ``bulk_create`` elsewhere.

``bulk_create`` builds a model instance per row and prepares every value field by field,
which costs more than the database's own work for an import of many thousand rows. On
PostgreSQL, ``insert`` streams plain values with COPY (psycopg); the fields not given get
their defaults (``auto_now`` and ``auto_now_add``: one time for all rows), as ``save``
would give them. Signals are not sent, as with ``bulk_create``. The COPY is binary where
every column's type is a built-in one: ids, dates and times are then sent as they are
stored instead of as text that both sides would write and read again.

``Background`` runs the COPYs in a second thread while the caller prepares the next rows:
the database works on its own core instead of waiting for the caller, and the caller
instead of waiting for the database.

JSON values (an audit entry per imported person) are written with ``orjson``, ten times
faster than the standard library's encoder, which cost a COPY of audit entries as much as
all its other columns together.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import orjson
from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.utils import timezone
from psycopg import postgres
from psycopg.types.json import set_json_dumps

# JSON as the standard library writes it for these values (keys that are not text become
# text); NaN, which PostgreSQL refuses as JSON, becomes null.
_dumps = functools.partial(orjson.dumps, option=orjson.OPT_NON_STR_KEYS)

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
    with connection.cursor() as cursor:
        _copier(model, rows)(cursor.cursor)


class Background:
    """``insert`` and ``check_constraints`` in a second thread, one after another in the order
    given, on the caller's connection (and in its transaction), while the caller goes on
    preparing. ``finish`` waits for all of them and raises the first error; until then the
    caller must not use the connection. Elsewhere than on PostgreSQL every call runs at
    once, in the caller's thread."""

    def __init__(self) -> None:
        self._pool: ThreadPoolExecutor | None = None
        self._pending: list[Future[None]] = []
        if connection.vendor == "postgresql":
            connection.ensure_connection()
            self._wrapper = connections[DEFAULT_DB_ALIAS]  # this thread's (``connection``)
            self._raw = connection.connection  # psycopg's connection: safe between threads
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lotse-copy")

    def insert(self, model: type[models.Model], rows: Sequence[Mapping[str, Any]]) -> None:
        if self._pool is None:
            insert(model, rows)
        elif rows:
            self._submit(self._pool, _copier(model, rows))

    def check_constraints(self) -> None:
        """The deferred checks (foreign keys) of the rows written so far, now instead of at
        the commit, in the second thread. Elsewhere than on PostgreSQL at the commit."""
        if self._pool is not None:
            self._submit(self._pool, _executing("SET CONSTRAINTS ALL IMMEDIATE"))
            self._submit(self._pool, _executing("SET CONSTRAINTS ALL DEFERRED"))

    def _submit(self, pool: ThreadPoolExecutor, work: Callable[[Any], Any]) -> None:
        def run() -> None:
            with self._wrapper.wrap_database_errors, self._raw.cursor() as cursor:
                work(cursor)  # its errors as Django's (IntegrityError …)

        self._pending.append(pool.submit(run))

    def finish(self) -> None:
        if self._pool is None:
            return
        try:
            for pending in self._pending:
                pending.result()
        finally:
            self._pool.shutdown(wait=True)
            self._pool = None


def _executing(statement: str) -> Callable[[Any], None]:
    def execute(cursor: Any) -> None:
        cursor.execute(statement)

    return execute


def _copier(model: type[models.Model], rows: Sequence[Mapping[str, Any]]) -> Callable[[Any], None]:
    """A function that COPYs ``rows`` of ``model`` through a psycopg cursor."""
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
    binary = all(_copy_type(field) for field in fields)
    prepared: list[tuple[models.Field[Any, Any], Callable[[Mapping[str, Any]], Any]]] = []
    constant: list[tuple[models.Field[Any, Any], Any]] = []
    for field in fields:
        if field not in plain:
            how, value = _getter(field, given, now, binary)
            (prepared if how == "row" else constant).append((field, value))
    ordered = plain + [field for field, _getter in prepared] + [field for field, _v in constant]
    types = [_copy_type(field) for field in ordered] if binary else []
    take = _taker([field.attname for field in plain])
    getters = [getter for _field, getter in prepared]
    defaults = tuple(value for _field, value in constant)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in ordered)
    table = connection.ops.quote_name(model._meta.db_table)
    statement = f"COPY {table} ({columns}) FROM STDIN" + (" (FORMAT BINARY)" if binary else "")

    def copy_rows(cursor: Any) -> None:
        set_json_dumps(_dumps, context=cursor)
        with cursor.copy(statement) as copy:
            if binary:
                copy.set_types(types)
            write = copy.write_row
            for row in rows:
                write((*take(row), *[get(row) for get in getters], *defaults))

    return copy_rows


def _copy_type(field: models.Field[Any, Any]) -> str:
    """The name of the column's type for a binary COPY, or "" where psycopg knows no
    binary form for it (the COPY is then text)."""
    db_type = field.db_type(connection) or ""
    name = db_type.split("(", 1)[0].strip()
    info = postgres.types.get(name)
    return info.name if info is not None and info.name in _BINARY_TYPES else ""


# The column types whose Python values psycopg writes in binary as they come from here.
_BINARY_TYPES = frozenset(
    {
        "bool",
        "date",
        "float8",
        "int2",
        "int4",
        "int8",
        "jsonb",
        "text",
        "timestamptz",
        "uuid",
        "varchar",
    }
)


def _taker(names: list[str]) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
    """The values of ``names`` of a row, as a tuple."""
    if not names:
        return lambda row: ()
    if len(names) == 1:
        name = names[0]
        return lambda row: (row[name],)
    return operator.itemgetter(*names)


def _getter(
    field: models.Field[Any, Any], given: set[str], now: Any, binary: bool
) -> tuple[str, Any]:
    """("row", a function of the row) for a value prepared per row, ("constant", the value)
    for one that is the same in every row; ``binary``: for a binary COPY."""
    name = field.attname
    if name in given:
        if isinstance(field, models.JSONField) and field.encoder is None:
            return "row", _json(name, binary)
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


def _json(name: str, binary: bool) -> Callable[[Mapping[str, Any]], Any]:
    """A row's value for a JSON column: in a binary COPY the value itself (psycopg writes
    it as JSON), else its JSON text as psycopg's Jsonb would send it. The text is written
    once for one object given to many rows in turn (the context of an import's audit
    entries)."""
    if binary:
        return operator.itemgetter(name)
    last: list[Any] = [None, "null"]

    def dump(row: Mapping[str, Any]) -> str:
        value = row[name]
        if value is not last[0]:
            last[:] = [value, _dumps(value).decode()]
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
