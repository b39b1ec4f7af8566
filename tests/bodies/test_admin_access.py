"""Who may do what in the admin, for every registered certdir model.

Curators (group "Curator", staff, not superusers) use every page; viewers (group "Viewer")
read everything and change nothing; anonymous users are sent to the login page.
"""

from collections.abc import Callable

import pytest
from django.apps import apps
from django.contrib import admin
from django.db.models import Model

from accreditation.models import (
    AccreditationBody,
    Cooperation,
    Recognition,
    RecognitionStatus,
    RecognitionStatusChange,
    Sector,
    Source,
    Standard,
    SurveyFigure,
)
from bodies.models import (
    Accreditation,
    AccreditationStatus,
    Body,
    Certificate,
    Office,
    StatusChange,
)
from complaints.models import Report
from tests.admin_helpers import (
    assert_anonymous_is_sent_to_login,
    assert_curator_can_use_every_page,
    assert_viewer_can_only_read,
)


def _recognition(fixture: Callable) -> Recognition:
    return fixture("make_accreditation_body")("UKAS").recognitions.get()


def _accreditation(fixture: Callable) -> Accreditation:
    return fixture("make_accreditation")(fixture("make_body")("Alpha Certification"))


# One row of each registered model, built from the factories only when its test runs.
BUILD: dict[type[Model], Callable[[Callable], Model]] = {
    Source: lambda fixture: fixture("make_source")("S-IAF-MLA"),
    Standard: lambda fixture: fixture("iso_9001"),
    Sector: lambda fixture: fixture("make_sector")(28, "Construction"),
    Cooperation: lambda fixture: fixture("iaf"),
    AccreditationBody: lambda fixture: fixture("make_accreditation_body")("UKAS"),
    Recognition: _recognition,
    RecognitionStatusChange: lambda fixture: fixture("record_status_change")(
        _recognition(fixture), RecognitionStatus.SUSPENDED
    ),
    Body: lambda fixture: fixture("make_body")("Alpha Certification"),
    Office: lambda fixture: fixture("make_body")().offices.get(),
    Accreditation: _accreditation,
    Certificate: lambda fixture: fixture("make_certificate")(
        fixture("make_body")(), scheme=fixture("iso_9001")
    ),
    StatusChange: lambda fixture: fixture("record_status_change")(
        _accreditation(fixture), AccreditationStatus.SUSPENDED
    ),
    Report: lambda fixture: fixture("make_report")(email="reporter@example.org"),
    SurveyFigure: lambda fixture: fixture("make_survey_figure")(2021, 1_077_884),
}
# Timeline rows are written by status changes only.
NOT_ADDABLE = {RecognitionStatusChange, StatusChange}
# Rows a reference file owns (load_reference rewrites them): everyone only reads them here.
READ_ONLY = {SurveyFigure}
MODELS = list(BUILD)


@pytest.fixture
def obj(request, model) -> Model:
    return BUILD[model](request.getfixturevalue)


def test_every_model_of_every_certdir_app_is_registered_and_covered_here():
    app_models = {
        model
        for label in ("accreditation", "bodies", "complaints")
        for model in apps.get_app_config(label).get_models()
        if not model.__name__.startswith("Historical")
    }
    assert app_models == set(MODELS)
    assert all(admin.site.is_registered(model) for model in MODELS)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_a_curator_opens_every_admin_page(curator_client, obj, model):
    if model in READ_ONLY:
        assert_viewer_can_only_read(curator_client, obj)
    else:
        assert_curator_can_use_every_page(curator_client, obj, can_add=model not in NOT_ADDABLE)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_a_viewer_reads_every_admin_page_but_changes_nothing(viewer_client, obj, model):
    assert_viewer_can_only_read(viewer_client, obj)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_anonymous_users_are_sent_to_the_login_page(client, obj, model):
    assert_anonymous_is_sent_to_login(client, obj)
