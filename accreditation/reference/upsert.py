"""Idempotent writes: find a row by its natural key, save it only when a value differs.

Saving only on a difference is what makes a re-run write nothing, so simple-history gains
no rows and `updated` counts mean something. Every save goes through `full_clean()`; a
validation error becomes a LoadError naming the CSV row.

`full_clean()` leaves out the checks that cost a query per row and that the loader has
already made: references point to rows it has just read or saved (of the kind the reading
phase checked), and uniqueness is checked against the rows it holds in memory. The
database constraints stay the last guard; a refusal still names the row. This keeps a
full load around a second, which matters because tests load the data again and again.
"""

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models
from django.utils.translation import gettext as _
from django_countries.fields import CountryField
from simple_history.utils import bulk_create_with_history

from accreditation.reference.files import LoadError, LoadErrors, Origin

# simple-history records this as the reason of every change the loader makes.
CHANGE_REASON = "load_reference"


@dataclass
class Planned:
    """A row to write, read from a file: its natural key, plain values and references.

    References name other rows by their natural keys (a standard's code, an AB's acronym)
    and are resolved only when writing, so reading the files needs no database.
    """

    origin: Origin
    key: Hashable
    values: dict[str, object]
    refs: dict[str, Hashable | None] = field(default_factory=dict)
    many: dict[str, list[Hashable]] = field(default_factory=dict)


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    def __str__(self) -> str:
        text = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        return f"{text}, {self.deleted} deleted" if self.deleted else text


@dataclass
class LoadReport:
    """What a load did (or, in a dry run, would do), per model, in load order."""

    counts: dict[str, Counts] = field(default_factory=dict)

    def for_model(self, model: type[models.Model]) -> Counts:
        return self.counts.setdefault(model.__name__, Counts())

    @property
    def changed(self) -> bool:
        return any(c.created or c.updated or c.deleted for c in self.counts.values())


def _comparable(model_field: models.Field, value: object) -> object:
    if isinstance(model_field, CountryField):
        return str(value or "")
    if isinstance(value, models.Model):
        return value.pk
    return value


class Upserter:
    """Upserts of one model, keyed by a natural key computed from saved rows.

    All existing rows are read once (reference tables are small), so an unchanged row costs
    no query. New rows are validated one by one and inserted together by `save_all`, with
    their history rows, in two statements; changed rows are saved one by one.
    """

    def __init__(
        self,
        model: type[models.Model],
        key: Callable[[models.Model], Hashable],
        *,
        report: LoadReport,
        errors: list[LoadError],
        columns: dict[str, str] | None = None,
        queryset: models.QuerySet | None = None,
        checked: Iterable[str] = (),
    ) -> None:
        """`checked`: fields the reading phase validated already (e.g. country codes)."""
        self.model = model
        self.counts = report.for_model(model)
        self.errors = errors
        self.columns = columns or {}
        rows = queryset if queryset is not None else model._default_manager.all()
        self.existing = {key(row): row for row in rows}
        self.seen: set[Hashable] = set()
        fields = model._meta.concrete_fields
        self.exclude = [f.name for f in fields if f.is_relation] + list(checked)
        self.unique = {
            f.attname: {getattr(row, f.attname): k for k, row in self.existing.items()}
            for f in fields
            if f.unique and not f.primary_key
        }
        self.new: list[tuple[models.Model, Origin, dict[str, Iterable[models.Model]]]] = []

    def save_all(
        self, planned: Iterable[Planned], *, targets: dict[str, dict[Hashable, models.Model]]
    ) -> dict[Hashable, models.Model]:
        """Save planned rows, references resolved through `targets` (field -> key -> row).

        Returns the rows by key. A row whose reference failed to save is skipped: that
        failure is already an error.
        """
        saved = {}
        for item in planned:
            try:
                values = {
                    **item.values,
                    **{n: None if k is None else targets[n][k] for n, k in item.refs.items()},
                }
                many = {n: [targets[n][k] for k in keys] for n, keys in item.many.items()}
            except KeyError:
                continue
            row = self._save(item.key, values, origin=item.origin, many=many)
            if row is not None:
                saved[item.key] = row
        self._insert_new()
        return saved

    def delete_unseen(self, *, owned: Callable[[models.Model], bool]) -> None:
        """Delete rows the files no longer produce, among those the loader owns."""
        for key, row in list(self.existing.items()):
            if key not in self.seen and owned(row):
                row._change_reason = CHANGE_REASON
                row.delete()
                del self.existing[key]
                self.counts.deleted += 1

    def _save(
        self,
        key: Hashable,
        values: dict[str, object],
        *,
        origin: Origin,
        many: dict[str, Iterable[models.Model]],
    ) -> models.Model | None:
        self.seen.add(key)
        row = self.existing.get(key)
        if row is None:
            row = self.model(**values)
            if not self._validate(row, key, origin):
                return None
            self.new.append((row, origin, many))
            self.counts.created += 1
            return row
        changed = False
        for name, value in values.items():
            model_field = self.model._meta.get_field(name)
            current = getattr(row, model_field.attname)
            if _comparable(model_field, current) != _comparable(model_field, value):
                setattr(row, name, value)
                changed = True
        if changed:
            if not self._validate(row, key, origin):
                return None
            row._change_reason = CHANGE_REASON
            self._guard(origin, row.save)
        for name, targets in many.items():
            wanted = {target.pk for target in targets}
            manager = getattr(row, name)
            # manager.all() uses a prefetch of the queryset passed in, if any.
            if {target.pk for target in manager.all()} != wanted:
                manager.set(wanted)
                changed = True
        if changed:
            self.counts.updated += 1
        else:
            self.counts.unchanged += 1
        return row

    def _insert_new(self) -> None:
        if not self.new:
            return
        rows = [row for row, _origin, _many in self.new]
        origin = self.new[0][1]

        def insert() -> None:
            if hasattr(self.model._meta, "simple_history_manager_attribute"):
                bulk_create_with_history(
                    rows, self.model, batch_size=500, default_change_reason=CHANGE_REASON
                )
            else:
                self.model._default_manager.bulk_create(rows, batch_size=500)

        self._guard(Origin(origin.file, 0), insert)
        for row, _origin, many in self.new:
            for name, targets in many.items():
                if targets:
                    getattr(row, name).set(targets)
        self.new = []

    def _guard(self, origin: Origin, write: Callable[[], object]) -> None:
        """Run a write; a database refusal stops the load (the transaction is unusable)."""
        try:
            write()
        except IntegrityError as error:
            self.errors.append(origin.error("", f"the database refused the row: {error}"))
            raise LoadErrors(self.errors) from None

    def _validate(self, row: models.Model, key: Hashable, origin: Origin) -> bool:
        try:
            row.full_clean(exclude=self.exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            self._record(error, origin)
            return False
        taken = {
            attname: index[value]
            for attname, index in self.unique.items()
            if (value := getattr(row, attname)) not in (None, "") and index.get(value, key) != key
        }
        for attname, other in taken.items():
            column = self.columns.get(attname, attname)
            reason = _("%(value)r is already used by %(other)s") % {
                "value": getattr(row, attname),
                "other": other,
            }
            self.errors.append(origin.error(column, reason))
        if taken:
            return False
        self.existing[key] = row
        for attname, index in self.unique.items():
            index[getattr(row, attname)] = key
        return True

    def _record(self, error: ValidationError, origin: Origin) -> None:
        for name, messages in error.message_dict.items():
            column = "" if name == NON_FIELD_ERRORS else self.columns.get(name, name)
            self.errors.append(origin.error(column, " ".join(messages)))
