"""Staff curation of the reference world in the admin."""

import datetime

from django.urls import reverse

from accreditation.models import (
    AccreditationBody,
    Recognition,
    RecognitionStatus,
    RecognitionStatusChange,
)
from tests.admin_helpers import admin_url, change_form_data


def test_reinstating_a_suspended_recognition_records_its_timeline(
    curator_client, curator, make_accreditation_body, record_status_change
):
    recognition = make_accreditation_body("UKAS").recognitions.get()
    record_status_change(recognition, RecognitionStatus.SUSPENDED)
    changelist = admin_url(Recognition, "changelist")
    selection = {"action": "reinstate_selected", "_selected_action": [recognition.pk]}

    confirmation = curator_client.post(changelist, selection)
    response = curator_client.post(
        changelist,
        {**selection, "post": "yes", "effective_on": "2026-11-25", "source": "IAF MLA list"},
    )

    assert "to “Signatory”" in confirmation.content.decode()
    assert response.status_code == 302
    recognition.refresh_from_db()
    assert recognition.status == RecognitionStatus.SIGNATORY
    latest = RecognitionStatusChange.objects.filter(recognition=recognition).latest("recorded_at")
    assert (latest.old_status, latest.new_status) == ("suspended", "signatory")
    assert (latest.effective_on, latest.source) == (datetime.date(2026, 11, 25), "IAF MLA list")
    assert latest.recorded_by == curator
    assert recognition.history.latest().history_user == curator


def test_a_duplicate_recognition_in_the_inline_is_refused_with_a_message(
    curator_client, make_accreditation_body, iaf, casco_17021
):
    ab = make_accreditation_body("UKAS")  # already a signatory of IAF for ISO/IEC 17021-1
    data = change_form_data(curator_client.get(admin_url(ab, "change")))
    data |= {
        "recognitions-TOTAL_FORMS": ["2"],
        "recognitions-1-arrangement": [str(iaf.pk)],
        "recognitions-1-scope": [str(casco_17021.pk)],
        "recognitions-1-activity": [""],
        "recognitions-1-basis": ["unverified"],
    }

    response = curator_client.post(admin_url(ab, "change"), data)

    assert response.status_code == 200
    assert (
        "This accreditation body already has a recognition under this arrangement"
        in response.content.decode()
    )
    assert ab.recognitions.count() == 1


def test_a_recognition_ending_before_it_starts_is_refused_with_a_message(
    curator_client, make_accreditation_body
):
    recognition = make_accreditation_body().recognitions.get()
    data = change_form_data(curator_client.get(admin_url(recognition, "change")))
    data |= {"since": ["2020-05-01"], "until": ["2019-05-01"]}

    response = curator_client.post(admin_url(recognition, "change"), data)

    assert response.status_code == 200
    assert "A recognition cannot end before it starts." in response.content.decode()


def test_the_recognition_filter_separates_recognised_and_flagged_bodies(
    curator_client, make_accreditation_body
):
    make_accreditation_body("UKAS")
    make_accreditation_body("NOPE", recognised=False)
    make_accreditation_body("FLAG", recognised=False, standing="not_recognised")
    changelist = admin_url(AccreditationBody, "changelist")

    def listed(recognition: str) -> set[str]:
        response = curator_client.get(changelist, {"recognition": recognition})
        return {ab.acronym for ab in response.context["cl"].result_list}

    assert listed("recognised") == {"UKAS"}
    assert listed("not_recognised") == {"NOPE", "FLAG"}
    assert listed("flagged") == {"FLAG"}


def test_a_curator_ticks_the_kinds_of_body_a_casco_standard_governs(
    curator_client, curator, casco_17065
):
    data = change_form_data(curator_client.get(admin_url(casco_17065, "change")))
    data["body_kinds"] = ["product_cb", "inspection_body"]

    response = curator_client.post(admin_url(casco_17065, "change"), data)

    assert response.status_code == 302
    casco_17065.refresh_from_db()
    assert casco_17065.body_kinds == ["product_cb", "inspection_body"]
    history = curator_client.get(admin_url(casco_17065, "history")).content.decode()
    assert curator.username in history


def test_the_history_shows_past_versions_but_never_reverts_them(
    curator_client, make_accreditation_body
):
    ab = make_accreditation_body("UKAS")
    ab.name = "United Kingdom Accreditation Service"
    ab.save()
    version = ab.history.earliest()
    url = reverse(
        "admin:accreditation_accreditationbody_simple_history", args=[ab.pk, version.history_id]
    )

    assert curator_client.get(url).status_code == 200
    assert curator_client.post(url, {"name": "UKAS Accreditation Service"}).status_code == 403
    ab.refresh_from_db()
    assert ab.name == "United Kingdom Accreditation Service"
