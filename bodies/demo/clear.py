"""Removing every demo row, and nothing else, with set-based SQL.

Django's `QuerySet.delete()` collects the objects in Python first (and simple-history then
writes a "deleted" history row for each): hours for millions of demo certificates. Here each
table is one `DELETE … WHERE owner IN (SELECT id FROM bodies_body WHERE is_demo)`, leaves
first, inside the caller's transaction. Rows of other apps that point at demo rows (for
example a complaint about a demo certificate) are handled as their foreign key says:
SET_NULL is applied, CASCADE deletes them through the ORM, anything else stops the clear.
"""

import time
from collections.abc import Callable

from django.db import connection
from django.db.models import Model, QuerySet
from django.db.models.deletion import CASCADE, DO_NOTHING, SET_NULL
from django.utils.translation import gettext as _

from bodies.demo.errors import DemoDataError
from bodies.models import Accreditation, Body, Certificate, Office, StatusChange

# The demo population: models whose rows are demo exactly when their owning body is.
OWNER_FIELDS: dict[type[Model], str] = {
    StatusChange: "body",
    Certificate: "issuing_body",
    Accreditation: "body",
    Office: "body",
}


def _qn(name: str) -> str:
    return connection.ops.quote_name(name)


def _demo_bodies_sql() -> tuple[str, list]:
    is_demo = Body._meta.get_field("is_demo").column
    return f"SELECT id FROM {_qn(Body._meta.db_table)} WHERE {_qn(is_demo)} = %s", [True]  # noqa: S608


def _owned_ids_sql(model: type[Model]) -> tuple[str, list]:
    demo, params = _demo_bodies_sql()
    owner = model._meta.get_field(OWNER_FIELDS[model]).column
    return f"SELECT id FROM {_qn(model._meta.db_table)} WHERE {_qn(owner)} IN ({demo})", params  # noqa: S608


def _delete(table: str, column: str, subquery: tuple[str, list]) -> int:
    sql, params = subquery
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {_qn(table)} WHERE {_qn(column)} IN ({sql})", params)  # noqa: S608
        return max(cursor.rowcount, 0)


def demo_queryset(model: type[Model]) -> QuerySet:
    """The demo rows of a model of the demo population (or Body itself)."""
    if model is Body:
        return Body.objects.demo()
    return model._base_manager.filter(**{f"{OWNER_FIELDS[model]}__is_demo": True})


def _release_foreign_references(model: type[Model]) -> None:
    """Apply on_delete for rows outside the demo population that point at demo `model` rows."""
    for relation in model._meta.related_objects:
        related, fk = relation.related_model, relation.field
        if related in OWNER_FIELDS and OWNER_FIELDS[related] == fk.name:
            continue  # owned: deleted with its body
        on_delete = relation.on_delete
        if on_delete is DO_NOTHING:
            continue
        referring = related._base_manager.filter(
            **{f"{fk.name}__in": demo_queryset(model).values("pk")}
        )
        if related in OWNER_FIELDS:
            # A real row pointing at a demo row (a real certificate under a demo accreditation).
            referring = referring.exclude(**{f"{OWNER_FIELDS[related]}__is_demo": True})
        if on_delete is SET_NULL:
            referring.update(**{fk.name: None})
        elif on_delete is CASCADE:
            referring.delete()
        elif referring.exists():
            raise DemoDataError(
                _("%(rows)s refer to demo %(demo)s and protect them; remove those first")
                % {
                    "rows": related._meta.verbose_name_plural,
                    "demo": model._meta.verbose_name_plural,
                }
            )


def clear_demo_rows(report: Callable[[str, int, float], None]) -> None:
    """Delete every demo row in dependency order; `report(table, rows, seconds)` each step."""
    demo = _demo_bodies_sql()

    def delete(table: str, column: str, subquery: tuple[str, list]) -> None:
        started = time.perf_counter()
        rows = _delete(table, column, subquery)
        report(table, rows, time.perf_counter() - started)

    for model in (StatusChange, Certificate, Accreditation, Office):
        owner = model._meta.get_field(OWNER_FIELDS[model]).column
        _release_foreign_references(model)
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            column = through._meta.get_field(field.m2m_field_name()).column
            delete(through._meta.db_table, column, _owned_ids_sql(model))
        history = getattr(model, "history", None)
        if history is not None:
            delete(history.model._meta.db_table, owner, demo)
        delete(model._meta.db_table, owner, demo)
    _release_foreign_references(Body)
    delete(Body.history.model._meta.db_table, Body._meta.pk.column, demo)
    delete(Body._meta.db_table, Body._meta.pk.column, demo)
