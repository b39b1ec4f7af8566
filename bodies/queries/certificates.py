"""Certificate search shared by the admin changelist and the public verification pages."""

from django.db.models import F, Q
from django.db.models.lookups import IContains

from bodies.models import normalise_certificate_number


class _HolderNameContains(IContains):
    """Case-insensitive "contains" that PostgreSQL answers from the trigram index.

    Django's `icontains` compiles to `UPPER(col) LIKE UPPER(...)`, which the GIN trigram
    index on `holder_name` cannot serve (a sequential scan of millions of certificates);
    `col ILIKE ...` can. Other databases keep Django's `icontains`.
    """

    def as_postgresql(self, compiler, connection) -> tuple[str, list]:
        lhs_sql, params = compiler.compile(self.lhs)  # no UPPER(): the index is on the column
        rhs_sql, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs_sql} ILIKE {rhs_sql}", [*params, *rhs_params]


# Trigram indexes need three characters; shorter terms are only matched as numbers.
MIN_HOLDER_SEARCH_LENGTH = 3


def certificate_search(term: str) -> Q:
    """Certificates whose number is `term` (case, spaces, dashes ignored) or whose holder
    name contains it; both through an index on PostgreSQL."""
    term = term.strip()
    condition = Q(number_normalised=normalise_certificate_number(term))
    if len(term) >= MIN_HOLDER_SEARCH_LENGTH:
        condition |= Q(_HolderNameContains(F("holder_name"), term))
    return condition
