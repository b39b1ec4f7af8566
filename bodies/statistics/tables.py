"""Tables and blocks: what the statistics page shows and what its CSV downloads write."""

from dataclasses import dataclass, field

from django.utils.formats import number_format
from django_countries import countries

from bodies.charts import Chart


@dataclass(frozen=True)
class Column:
    label: str
    numeric: bool = False


@dataclass
class Table:
    """A table as the page shows it and as its CSV download writes it."""

    name: str
    caption: str
    columns: list[Column]
    rows: list[list[str | int | None]]

    @property
    def header(self) -> list[str]:
        return [column.label for column in self.columns]

    @property
    def cells(self) -> list[list[tuple[str | int | None, bool]]]:
        """Rows as (value, numeric) pairs, for the HTML table (numbers align right)."""
        numeric = [column.numeric for column in self.columns]
        return [list(zip(row, numeric, strict=True)) for row in self.rows]


@dataclass
class Block:
    table: Table
    charts: list[Chart] = field(default_factory=list)


def country_name(code: str) -> str:
    return str(countries.name(code)) or code


def count_text(value: int) -> str:
    return number_format(value, force_grouping=True)
