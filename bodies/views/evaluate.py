"""The guided evaluation: what → where → sector → preferences → result, each a GET URL."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from bodies import shortlist
from bodies.evaluation import Need
from bodies.evaluation import evaluate as evaluate_body
from bodies.forms import (
    NEED_PARAMS,
    QUESTION_STEPS,
    STEP_PARAMS,
    Step,
    step_form,
    validate_need,
)
from bodies.queries.evaluation import bodies_by_ids, ranking
from bodies.queries.needs import need_choices

# Each candidate carries its whole checklist: ten make a long enough page.
CANDIDATES_PER_PAGE = 10
COMPARE_TOP = 5


def _requested_step(params: QueryDict) -> str:
    """The step asked for; without one, the first question not yet answered (else the result)."""
    step = params.get("step", "")
    if step in Step.values:
        return step
    for question in QUESTION_STEPS[:-1]:
        if not any(param in params for param in STEP_PARAMS[question]):
            return question
    return Step.RESULT


def _carried(params: QueryDict, step: str) -> list[tuple[str, str]]:
    """Earlier answers, as hidden fields of the step's form (its own fields excluded)."""
    own = STEP_PARAMS.get(step, ())
    return [
        (key, value) for key in NEED_PARAMS if key not in own for value in params.getlist(key)[:20]
    ]


def _step_links(params: QueryDict, current: str) -> list[dict]:
    """The progress list: each step with a link back to it when it comes before `current`."""
    answers = [(key, value) for key in NEED_PARAMS for value in params.getlist(key)[:20]]
    index = Step.values.index(current)
    return [
        {
            "step": step,
            "label": label,
            "number": position + 1,
            "current": step == current,
            "url": f"?{urlencode([*answers, ('step', step)])}" if position < index else "",
        }
        for position, (step, label) in enumerate(Step.choices)
    ]


def _initial(params: QueryDict, step: str) -> dict:
    initial: dict[str, object] = {}
    for key in STEP_PARAMS.get(step, ()):
        if key == "country":
            initial[key] = [code.upper() for code in params.getlist(key)]
        elif key in params:
            initial[key] = params.get(key)
    return initial


def _render_step(
    request: HttpRequest, step: str, form: object, *, with_error: bool = False
) -> HttpResponse:
    params = request.GET
    context = {
        "step": step,
        "step_label": Step(step).label,
        "steps": _step_links(params, step),
        "form": form,
        "carried": _carried(params, step),
        "next_step": Step.values[Step.values.index(step) + 1],
        "with_error": with_error,
    }
    return render(request, "bodies/evaluate.html", context)


def evaluate(request: HttpRequest) -> HttpResponse:
    """Show the requested step once every earlier answer validates; else the first bad step."""
    params = request.GET
    choices = need_choices()
    step = _requested_step(params)
    earlier = (
        QUESTION_STEPS if step == Step.RESULT else QUESTION_STEPS[: QUESTION_STEPS.index(step)]
    )
    answers = validate_need(params, choices, steps=earlier)
    if answers.failed_step is not None:
        return _render_step(request, answers.failed_step, answers.form, with_error=True)
    if step != Step.RESULT:
        form = step_form(
            step, choices, initial=_initial(params, step), search=params.get("sector_q", "")
        )
        return _render_step(request, step, form)
    return _result(request, answers.need, answers.params)


def _result(request: HttpRequest, need: Need, pairs: list[tuple[str, str]]) -> HttpResponse:
    today = timezone.localdate()
    page = Paginator(ranking(need, today=today), CANDIDATES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    bodies = bodies_by_ids([pk for pk, _score in page.object_list], need=need)
    evaluations = [evaluate_body(body, need, today=today) for body in bodies]
    # Remember the need for /shortlist/ only in an existing session: a GET must not create
    # one (crawlers, benchmarks). Adding a body from this page stores it too (shortlist_add).
    if request.session.session_key:
        shortlist.store_need(request.session, pairs)
    need_query = urlencode(pairs)
    top = [evaluation.body.slug for evaluation in evaluations[:COMPARE_TOP]]
    context = {
        "step": Step.RESULT,
        "steps": _step_links(request.GET, Step.RESULT),
        "need": need,
        "need_query": need_query,
        "page": page,
        "evaluations": evaluations,
        "page_query": urlencode([*pairs, ("step", Step.RESULT)]),
        "compare_query": urlencode([("bodies", ",".join(top)), *pairs]) if len(top) > 1 else "",
        "check_count": len(evaluations[0].checks) if evaluations else 0,
        "title": _("Accredited bodies for %(need)s") % {"need": need.label},
    }
    return render(request, "bodies/evaluate_result.html", context)
