"""Benchmark URLs of the guided evaluation and the comparison (issue 4), for bench/run.py.

Each entry is (name, path function). A path function runs after the population is seeded,
with Django set up, and may query; the runner measures the URL it returns like any other
page (requests/s, p50, p99, ratio to the bare view, SQL queries cold and warm):

    from bench.urls_eval import URLS
    targets += [Target(name, path) for name, path in URLS]
"""

from collections.abc import Callable


def largest_country_and_scheme() -> tuple[str, str]:
    """The (head-office country, scheme slug) with the most accredited bodies."""
    from django.db.models import Count

    from bodies.models import Accreditation

    row = (
        Accreditation.schemes.through.objects.values(
            "accreditation__body__country", "standard__slug"
        )
        .annotate(n=Count("accreditation__body", distinct=True))
        .order_by("-n", "standard__slug", "accreditation__body__country")
        .first()
    )
    if row is None:
        raise RuntimeError("No accreditation covers a scheme: seed the population first.")
    return row["accreditation__body__country"], row["standard__slug"]


def evaluation_result_largest() -> str:
    """The evaluation result for the largest country x scheme (bodies with an office there)."""
    country, scheme = largest_country_and_scheme()
    return f"/evaluate/?what={scheme}&country={country}&sector=&office=1&step=result"


def evaluation_result_worldwide() -> str:
    """The same scheme ranked worldwide (no office preference): the most candidates to rank."""
    country, scheme = largest_country_and_scheme()
    return f"/evaluate/?what={scheme}&country={country}&sector=28&step=result"


def compare_five() -> str:
    """The comparison of the first five candidates of that evaluation, with its need."""
    import datetime

    from bodies.queries.evaluation import candidates
    from bodies.queries.needs import load_need

    country, scheme = largest_country_and_scheme()
    need = load_need(what=scheme, countries=(country,), office_required=True)
    today = datetime.date.today()
    slugs = list(candidates(need, today=today).values_list("slug", flat=True)[:5])
    if len(slugs) < 5:
        raise RuntimeError(f"Fewer than five bodies for {scheme} in {country}.")
    return f"/compare/?bodies={','.join(slugs)}&what={scheme}&country={country}&sector="


URLS: list[tuple[str, Callable[[], str]]] = [
    ("evaluate (largest country x scheme)", evaluation_result_largest),
    ("evaluate (scheme worldwide, sector 28)", evaluation_result_worldwide),
    ("compare 5 bodies", compare_five),
]
