"""Forms of the guided evaluation: one small form per step, all read from GET parameters.

Every step is a GET-able URL (`/evaluate/?what=iso-9001&country=DE&step=sector`). Earlier
answers travel as hidden fields; a step is shown only when every earlier answer validates,
otherwise the first invalid step is shown with its error. The same validation turns the
need carried by `/shortlist/` and `/compare/` URLs (or the session) into a `Need`.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django import forms
from django.db import models
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from accreditation.models import BodyKind
from bodies.evaluation import Need
from bodies.queries.needs import NeedChoices, NeedNotFound, SectorChoice, load_need

MAX_COUNTRIES = 10


class Step(models.TextChoices):
    WHAT = "what", _("What")
    WHERE = "where", _("Where")
    SECTOR = "sector", _("Sector")
    PREFERENCES = "preferences", _("Preferences")
    RESULT = "result", _("Result")


# The steps that ask something, in order, and the GET parameters each one answers.
QUESTION_STEPS = [Step.WHAT, Step.WHERE, Step.SECTOR, Step.PREFERENCES]
STEP_PARAMS: dict[str, tuple[str, ...]] = {
    Step.WHAT: ("what",),
    Step.WHERE: ("country",),
    Step.SECTOR: ("sector",),
    Step.PREFERENCES: ("office", "accreditor"),
}
NEED_PARAMS = tuple(param for step in QUESTION_STEPS for param in STEP_PARAMS[step])

# Needs without a scheme, in the buyer's words (the kind of body that meets each).
NEED_KIND_LABELS: dict[str, str] = {
    BodyKind.PRODUCT_CB: _("Product, process or service certification"),
    BodyKind.PERSONS_CB: _("Certification of persons (competence)"),
    BodyKind.TESTING_LAB: _("Laboratory testing"),
    BodyKind.CALIBRATION_LAB: _("Calibration"),
    BodyKind.MEDICAL_LAB: _("Medical laboratory examinations"),
    BodyKind.INSPECTION_BODY: _("Inspection"),
    BodyKind.PT_PROVIDER: _("Proficiency testing"),
    BodyKind.RM_PRODUCER: _("Reference materials"),
    BodyKind.VALIDATION_VERIFICATION_BODY: _(
        "Validation or verification (e.g. greenhouse-gas statements)"
    ),
    BodyKind.BIOBANK: _("Biobanking"),
}


class WhatForm(forms.Form):
    what = forms.ChoiceField(
        label=_("What do you need certified or assessed?"),
        help_text=_(
            "A certification scheme (such as ISO 9001), or another kind of conformity "
            "assessment: we map it to the kind of body and the CASCO standard it must follow."
        ),
        error_messages={"required": _("Choose what you need certified or assessed.")},
    )

    def __init__(self, *args: object, choices: NeedChoices, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        schemes = [(s.slug, f"{s.code} — {s.title}") for s in choices.schemes]
        kinds = [(kind, NEED_KIND_LABELS.get(kind, BodyKind(kind).label)) for kind in choices.kinds]
        self.fields["what"].choices = [
            ("", _("Choose…")),
            (_("Certification schemes"), schemes),
            (_("Other needs"), kinds),
        ]


class CountriesField(forms.MultipleChoiceField):
    """ISO alpha-2 codes, case-insensitive, each once, at most MAX_COUNTRIES."""

    def to_python(self, value: object) -> list[str]:
        codes = [str(code).strip().upper() for code in super().to_python(value)]
        return list(dict.fromkeys(code for code in codes if code))

    def validate(self, value: list[str]) -> None:
        super().validate(value)
        if len(value) > MAX_COUNTRIES:
            raise forms.ValidationError(
                _("Choose at most %(max)d countries."), params={"max": MAX_COUNTRIES}
            )


class WhereForm(forms.Form):
    country = CountriesField(
        label=_("Countries of your sites"),
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("Choose one or more (hold Ctrl or Cmd to choose several)."),
        error_messages={
            "required": _("Choose at least one country."),
            "invalid_choice": _("%(value)s is not a country we know."),
        },
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = list(countries)


class SectorForm(forms.Form):
    sector = forms.TypedChoiceField(
        label=_("Sector of your activity (IAF code)"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("%(value)s is not an IAF sector code (1 to 39).")},
    )

    def __init__(
        self, *args: object, choices: NeedChoices, search: str = "", **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        self.search = search.strip()[:100]
        matches = [s for s in choices.sectors if not self.search or _sector_matches(s, self.search)]
        # A search that matches nothing lists every sector again (the page says so).
        self.no_match = bool(self.search) and not matches
        field = self.fields["sector"]
        # Validation accepts every sector; the list shows what the search matched.
        field.choices = [("", _("Any sector"))] + [
            (s.code, f"{s.code} — {s.name}") for s in choices.sectors
        ]
        field.widget.choices = [("", _("Any sector"))] + [
            (s.code, f"{s.code} — {s.name}") for s in (matches or choices.sectors)
        ]
        field.widget.attrs["size"] = min(12, len(field.widget.choices))


def _sector_matches(sector: SectorChoice, search: str) -> bool:
    needle = search.casefold()
    return (
        needle == str(sector.code)
        or needle in sector.name.casefold()
        or needle in sector.nace_hint.casefold()
    )


class PreferencesForm(forms.Form):
    office = forms.BooleanField(
        label=_("Only bodies with an office or accredited location in my countries"),
        required=False,
    )
    accreditor = forms.ChoiceField(
        label=_("Accreditation body"),
        required=False,
        help_text=_("Only if a customer or regulator asks for a particular one."),
        error_messages={"invalid_choice": _("%(value)s is not an accreditation body we list.")},
    )

    def __init__(self, *args: object, choices: NeedChoices, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["accreditor"].choices = [("", _("Any accreditation body"))] + [
            (ab.slug, f"{ab.acronym} — {ab.name}") for ab in choices.accreditors
        ]


def step_form(
    step: str,
    choices: NeedChoices,
    *,
    data: QueryDict | None = None,
    initial: Mapping[str, object] | None = None,
    search: str = "",
) -> forms.Form:
    """The form of one question step, bound to `data` (validating) or showing `initial`."""
    if step == Step.WHAT:
        return WhatForm(data, initial=initial, choices=choices)
    if step == Step.WHERE:
        return WhereForm(data, initial=initial)
    if step == Step.SECTOR:
        return SectorForm(data, initial=initial, choices=choices, search=search)
    return PreferencesForm(data, initial=initial, choices=choices)


@dataclass
class NeedAnswers:
    """The outcome of validating a need's parameters: the need, or the first step at fault."""

    need: Need | None
    params: list[tuple[str, str]]
    failed_step: str | None = None
    form: forms.Form | None = None


def validate_need(
    params: QueryDict, choices: NeedChoices, *, steps: Sequence[str] = QUESTION_STEPS
) -> NeedAnswers:
    """Validate the answers of `steps` in order; build the Need when they are all the steps.

    Stops at the first invalid step (returned with its bound form, to be shown again).
    """
    cleaned: dict[str, object] = {}
    for step in steps:
        form = step_form(step, choices, data=params)
        if not form.is_valid():
            return NeedAnswers(None, [], failed_step=step, form=form)
        cleaned.update(form.cleaned_data)
    if list(steps) != QUESTION_STEPS:
        return NeedAnswers(None, need_params(cleaned))
    try:
        need = load_need(
            what=cleaned["what"],
            countries=cleaned["country"],
            sector_code=cleaned["sector"],
            accreditor_slug=cleaned["accreditor"],
            office_required=cleaned["office"],
        )
    except NeedNotFound:
        form = step_form(Step.WHAT, choices, data=params)
        form.add_error(None, _("That choice is no longer available: choose again."))
        return NeedAnswers(None, [], failed_step=Step.WHAT, form=form)
    return NeedAnswers(need, need_params(cleaned))


def need_params(cleaned: Mapping[str, object]) -> list[tuple[str, str]]:
    """The canonical GET parameters of validated answers (for links, session and CSV)."""
    pairs: list[tuple[str, str]] = []
    if cleaned.get("what"):
        pairs.append(("what", str(cleaned["what"])))
    pairs += [("country", code) for code in cleaned.get("country") or []]
    if "sector" in cleaned:
        sector = cleaned["sector"]
        pairs.append(("sector", "" if sector is None else str(sector)))
    if cleaned.get("office"):
        pairs.append(("office", "1"))
    if cleaned.get("accreditor"):
        pairs.append(("accreditor", str(cleaned["accreditor"])))
    return pairs


def has_need(params: QueryDict) -> bool:
    return bool(params.get("what"))


def to_querydict(pairs: Sequence[Sequence[str]]) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, value in pairs:
        query.appendlist(str(key), str(value))
    return query
