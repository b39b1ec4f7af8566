"""Staff curation of the directory in the admin: access, inlines, constraints, bulk actions."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bodies.models import (
    Accreditation,
    AccreditationStatus,
    Body,
    Certificate,
    CertificateStatus,
    StatusChange,
)
from tests.admin_helpers import admin_url, change_form_data

# --- Bulk status actions ---------------------------------------------------------------------

SOURCE = "https://ab.example/suspensions/2026-11"


def _action(client, model, action: str, objects, **confirm):
    """Choose a bulk action on the changelist; with `confirm`, submit its confirmation page."""
    data = {"action": action, "_selected_action": [obj.pk for obj in objects]}
    if confirm:
        data |= {"post": "yes", **confirm}
    return client.post(admin_url(model, "changelist"), data)


def test_suspending_accreditations_asks_for_the_date_and_source_first(
    curator_client, make_body, make_accreditation
):
    body = make_body("Alpha Certification")
    first, second = make_accreditation(body, number="A-1"), make_accreditation(body, number="A-2")

    response = _action(curator_client, Accreditation, "suspend_selected", [first, second])

    assert response.status_code == 200
    page = response.content.decode()
    assert "Change the status of 2 accreditations to “Suspended”" in page
    assert str(first) in page and str(second) in page
    assert 'name="effective_on"' in page and 'name="source"' in page
    assert set(Accreditation.objects.values_list("status", flat=True)) == {"active"}


def test_confirming_a_suspension_records_the_timeline_and_the_history(
    curator_client, curator, make_body, make_accreditation
):
    body = make_body()
    accreditations = [make_accreditation(body), make_accreditation(body)]

    response = _action(
        curator_client,
        Accreditation,
        "suspend_selected",
        accreditations,
        effective_on="2026-11-20",
        source=SOURCE,
        note="Suspended pending reassessment.",
    )

    assert response.status_code == 302
    assert set(Accreditation.objects.values_list("status", flat=True)) == {"suspended"}
    changes = StatusChange.objects.filter(accreditation__in=accreditations)
    assert changes.count() == 2
    for change in changes:
        assert (change.old_status, change.new_status) == ("active", "suspended")
        assert change.effective_on == datetime.date(2026, 11, 20)
        assert (change.source, change.recorded_by) == (SOURCE, curator)
    for accreditation in accreditations:
        latest = accreditation.history.latest()
        assert (latest.status, latest.history_user) == ("suspended", curator)
    messages = [str(m) for m in response.wsgi_request._messages]
    assert "Changed the status of 2 accreditations to “Suspended”." in messages


def test_a_status_change_without_a_source_is_sent_back_with_a_message(
    curator_client, make_body, make_accreditation
):
    accreditation = make_accreditation(make_body())

    response = _action(
        curator_client,
        Accreditation,
        "withdraw_selected",
        [accreditation],
        effective_on="2026-11-20",
    )

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert Accreditation.objects.get().status == AccreditationStatus.ACTIVE
    assert not StatusChange.objects.exists()


def test_a_status_change_dated_in_the_future_is_refused(
    curator_client, make_body, make_accreditation
):
    accreditation = make_accreditation(make_body())
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)

    response = _action(
        curator_client,
        Accreditation,
        "withdraw_selected",
        [accreditation],
        effective_on=tomorrow.isoformat(),
        source=SOURCE,
    )

    assert "The effective date is in the future" in response.content.decode()
    assert not StatusChange.objects.exists()


def test_rows_already_in_the_target_status_are_left_alone_and_reported(
    curator_client, make_body, make_accreditation
):
    body = make_body()
    suspended = make_accreditation(body, status=AccreditationStatus.SUSPENDED)
    active = make_accreditation(body)

    response = _action(
        curator_client,
        Accreditation,
        "reinstate_selected",
        [suspended, active],
        effective_on="2026-11-20",
        source=SOURCE,
    )

    assert set(Accreditation.objects.values_list("status", flat=True)) == {"active"}
    assert list(StatusChange.objects.values_list("accreditation", flat=True)) == [suspended.pk]
    messages = [str(m) for m in response.wsgi_request._messages]
    assert "1 accreditation was already “Active” and was left unchanged." in messages


def test_withdrawing_and_reinstating_certificates(
    curator_client, curator, make_body, make_certificate, iso_9001
):
    body = make_body()
    certificate = make_certificate(body, scheme=iso_9001, number="Q-1")

    _action(
        curator_client,
        Certificate,
        "withdraw_selected",
        [certificate],
        effective_on="2026-11-02",
        source="Letter ref. 2026/117",
    )
    _action(
        curator_client,
        Certificate,
        "reinstate_selected",
        [certificate],
        effective_on="2026-11-20",
        source="Letter ref. 2026/131",
    )

    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID
    timeline = StatusChange.objects.filter(certificate=certificate).order_by("effective_on")
    assert [(c.old_status, c.new_status, c.source) for c in timeline] == [
        ("valid", "withdrawn", "Letter ref. 2026/117"),
        ("withdrawn", "valid", "Letter ref. 2026/131"),
    ]
    assert {h.history_user for h in certificate.history.filter(history_type="~")} == {curator}


def test_a_selection_over_the_limit_is_refused(
    curator_client, make_body, make_accreditation, monkeypatch
):
    monkeypatch.setattr("accreditation.admin.status.MAX_BULK_STATUS_CHANGES", 1)
    body = make_body()
    selection = [make_accreditation(body), make_accreditation(body)]

    response = _action(curator_client, Accreditation, "suspend_selected", selection)

    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert "Select at most 1 rows for a status change." in messages


def test_a_viewer_cannot_run_a_status_action(viewer_client, make_body, make_accreditation):
    accreditation = make_accreditation(make_body())

    _action(
        viewer_client,
        Accreditation,
        "suspend_selected",
        [accreditation],
        effective_on="2026-11-20",
        source=SOURCE,
    )

    assert Accreditation.objects.get().status == AccreditationStatus.ACTIVE
    assert not StatusChange.objects.exists()


def test_the_status_page_of_one_accreditation_records_the_change(
    curator_client, curator, make_body, make_accreditation
):
    accreditation = make_accreditation(make_body())
    change_page = curator_client.get(admin_url(accreditation, "change"))
    assert admin_url(accreditation, "status") in change_page.content.decode()
    form = curator_client.get(admin_url(accreditation, "status"))
    assert '<option value="active"' not in form.content.decode()  # the current status

    response = curator_client.post(
        admin_url(accreditation, "status"),
        {"new_status": "expired", "effective_on": "2026-11-01", "source": SOURCE},
    )

    assert response.status_code == 302
    assert response["Location"] == admin_url(accreditation, "change")
    change = StatusChange.objects.get()
    assert (change.old_status, change.new_status, change.recorded_by) == (
        "active",
        "expired",
        curator,
    )


def test_a_viewer_gets_no_status_page(viewer_client, make_body, make_accreditation):
    accreditation = make_accreditation(make_body())

    assert (
        admin_url(accreditation, "status")
        not in viewer_client.get(admin_url(accreditation, "change")).content.decode()
    )
    assert viewer_client.get(admin_url(accreditation, "status")).status_code == 403


def test_the_change_form_does_not_change_the_status(curator_client, make_body, make_accreditation):
    accreditation = make_accreditation(make_body())
    data = change_form_data(curator_client.get(admin_url(accreditation, "change")))
    data["status"] = ["withdrawn"]
    data["note"] = ["Checked against the AB register."]

    response = curator_client.post(admin_url(accreditation, "change"), data)

    assert response.status_code == 302
    accreditation.refresh_from_db()
    assert (accreditation.status, accreditation.note) == (
        "active",
        "Checked against the AB register.",
    )


# --- Constraints surface as form errors --------------------------------------------------------


def test_an_accreditation_expiring_before_it_is_granted_is_refused_with_a_message(
    curator_client, make_body, make_accreditation
):
    accreditation = make_accreditation(make_body())
    data = change_form_data(curator_client.get(admin_url(accreditation, "change")))
    data |= {"granted_on": ["2026-01-01"], "expires_on": ["2025-01-01"]}

    response = curator_client.post(admin_url(accreditation, "change"), data)

    assert response.status_code == 200
    assert "An accreditation cannot expire before it is granted." in response.content.decode()
    accreditation.refresh_from_db()
    assert accreditation.expires_on == datetime.date(2029, 1, 1)


def test_a_second_accreditation_with_the_same_number_at_one_ab_is_refused(
    curator_client, make_body, make_accreditation, casco_17021
):
    existing = make_accreditation(make_body(), number="0001")
    other_body = make_body()

    response = curator_client.post(
        admin_url(Accreditation, "add"),
        {
            "body": other_body.pk,
            "accreditation_body": existing.accreditation_body_id,
            "standard": casco_17021.pk,
            "number": "0001",
            "status": "active",
            "statuschange_set-TOTAL_FORMS": "0",
            "statuschange_set-INITIAL_FORMS": "0",
            "status_changes-TOTAL_FORMS": "0",
            "status_changes-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert (
        "This accreditation body already has an accreditation with this number."
        in response.content.decode()
    )
    assert Accreditation.objects.count() == 1


def _with_a_new_head_office_in_lyon(client, body: Body) -> dict[str, list[str]]:
    """The body's change form with a second office row, ticked as head office."""
    data = change_form_data(client.get(admin_url(body, "change")))
    return data | {
        "offices-TOTAL_FORMS": ["2"],
        "offices-1-country": ["FR"],
        "offices-1-city": ["Lyon"],
        "offices-1-is_head_office": ["on"],
    }


def test_a_second_head_office_in_the_inline_is_refused(curator_client, make_body):
    body = make_body()  # with its head office
    data = _with_a_new_head_office_in_lyon(curator_client, body)

    response = curator_client.post(admin_url(body, "change"), data)

    assert response.status_code == 200
    assert "A body has only one head office" in response.content.decode()
    assert body.offices.count() == 1


def test_moving_the_head_office_in_one_submit_is_accepted(curator_client, make_body):
    body = make_body()
    data = _with_a_new_head_office_in_lyon(curator_client, body)
    data.pop("offices-0-is_head_office")  # the old head office is unticked in the same submit

    response = curator_client.post(admin_url(body, "change"), data)

    assert response.status_code == 302
    assert body.offices.get(is_head_office=True).city == "Lyon"


def test_a_certificate_number_already_used_by_the_body_is_refused(
    curator_client, make_body, make_certificate, iso_9001
):
    body = make_body()
    make_certificate(body, scheme=iso_9001, number="QMS-2026-001")

    response = curator_client.post(
        admin_url(Certificate, "add"),
        {
            "number": "qms 2026 001",
            "holder_name": "Beta GmbH",
            "holder_country": "DE",
            "issuing_body": body.pk,
            "scheme": iso_9001.pk,
            "issued_on": "2026-01-01",
            "expires_on": "2029-01-01",
            "status": "valid",
            "status_changes-TOTAL_FORMS": "0",
            "status_changes-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert "This body already has a certificate with this number" in response.content.decode()
    assert Certificate.objects.count() == 1


# --- The certificate changelist at scale -------------------------------------------------------


def test_certificates_are_found_by_number_whatever_its_spelling_or_by_holder(
    curator_client, make_body, make_certificate, iso_9001
):
    body = make_body()
    wanted = make_certificate(body, scheme=iso_9001, number="QMS-2026-001", holder_name="Acme")
    other = make_certificate(body, scheme=iso_9001, number="QMS-2026-002", holder_name="Beta")
    changelist = admin_url(Certificate, "changelist")

    by_number = curator_client.get(changelist, {"q": "qms 2026 001"}).context["cl"].result_list
    by_holder = curator_client.get(changelist, {"q": "acm"}).context["cl"].result_list

    assert list(by_number) == [wanted]
    assert list(by_holder) == [wanted]
    assert other not in by_holder


def test_the_certificate_changelist_runs_the_same_queries_for_one_row_or_many(
    curator_client, make_body, make_accreditation, make_certificate, iso_9001
):
    body = make_body()
    accreditation = make_accreditation(body)
    make_certificate(body, scheme=iso_9001, accreditation=accreditation)
    url = admin_url(Certificate, "changelist")
    curator_client.get(url)  # warm the session and content type caches
    with CaptureQueriesContext(connection) as one:
        curator_client.get(url)
    for _ in range(5):
        make_certificate(make_body(), scheme=iso_9001, accreditation=accreditation)
    with CaptureQueriesContext(connection) as many:
        response = curator_client.get(url)

    assert len(response.context["cl"].result_list) == 6
    assert len(many) == len(one)


@pytest.mark.parametrize("model", [Body, Accreditation, StatusChange], ids=lambda m: m.__name__)
def test_other_changelists_run_the_same_queries_for_one_row_or_many(
    curator_client, make_body, make_accreditation, record_status_change, model
):
    def add_row():
        accreditation = make_accreditation(make_body())
        record_status_change(accreditation, AccreditationStatus.SUSPENDED)

    add_row()
    url = admin_url(model, "changelist")
    curator_client.get(url)
    with CaptureQueriesContext(connection) as one:
        curator_client.get(url)
    for _ in range(4):
        add_row()
    with CaptureQueriesContext(connection) as many:
        response = curator_client.get(url)

    assert len(response.context["cl"].result_list) == 5
    assert len(many) == len(one)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="planner estimates: PostgreSQL")
def test_a_big_certificate_list_shows_an_estimated_count(
    curator_client, make_body, make_certificate, iso_9001, monkeypatch
):
    monkeypatch.setattr("accreditation.admin.curation.EstimatedCountPaginator.exact_below", 1)
    body = make_body()
    for _ in range(3):
        make_certificate(body, scheme=iso_9001)

    response = curator_client.get(admin_url(Certificate, "changelist"))

    assert response.context["cl"].paginator.count_is_estimate
    assert "about " in response.content.decode()


def test_a_small_certificate_list_shows_the_exact_count(
    curator_client, make_body, make_certificate, iso_9001
):
    body = make_body()
    for _ in range(3):
        make_certificate(body, scheme=iso_9001)

    response = curator_client.get(admin_url(Certificate, "changelist"))

    assert response.context["cl"].result_count == 3
    assert not response.context["cl"].paginator.count_is_estimate


def test_accreditation_autocomplete_runs_the_same_queries_for_one_result_or_many(
    curator_client, make_body, make_accreditation
):
    url = reverse("admin:autocomplete")
    params = {
        "app_label": "bodies",
        "model_name": "certificate",
        "field_name": "accreditation",
        "term": "Alpha",
    }
    make_accreditation(make_body("Alpha One"))
    curator_client.get(url, params)
    with CaptureQueriesContext(connection) as one:
        curator_client.get(url, params)
    for n in range(4):
        make_accreditation(make_body(f"Alpha {n}"))
    with CaptureQueriesContext(connection) as many:
        response = curator_client.get(url, params)

    assert len(response.json()["results"]) == 5
    assert len(many) == len(one)
