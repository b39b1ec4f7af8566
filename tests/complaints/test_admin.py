"""Triage of reports in the admin."""

from complaints.models import Report, ReportStatus
from tests.admin_helpers import admin_url


def test_staff_see_who_reported(curator_client, make_report):
    make_report(email="reporter@example.org")

    changelist = curator_client.get(admin_url(Report, "changelist")).content.decode()

    assert "reporter@example.org" in changelist


def _triage(client, action: str, reports):
    return client.post(
        admin_url(Report, "changelist"),
        {"action": action, "_selected_action": [r.pk for r in reports]},
    )


def test_triage_moves_reports_forward_one_recorded_step_at_a_time(
    curator_client, curator, make_report
):
    report = make_report()

    _triage(curator_client, "mark_triaged", [report])
    report.refresh_from_db()
    assert report.status == ReportStatus.TRIAGED
    _triage(curator_client, "mark_forwarded", [report])
    _triage(curator_client, "mark_closed", [report])

    report.refresh_from_db()
    assert report.status == ReportStatus.CLOSED
    steps = [(h.status, h.history_user) for h in report.history.order_by("history_date")]
    assert steps == [
        ("new", None),
        ("triaged", curator),
        ("forwarded", curator),
        ("closed", curator),
    ]


def test_a_step_that_skips_triage_leaves_the_report_and_says_why(curator_client, make_report):
    new, triaged = make_report(), make_report(status=ReportStatus.TRIAGED)

    response = _triage(curator_client, "mark_forwarded", [new, triaged])

    assert Report.objects.get(pk=new.pk).status == ReportStatus.NEW
    assert Report.objects.get(pk=triaged.pk).status == ReportStatus.FORWARDED
    messages = [str(m) for m in response.wsgi_request._messages]
    assert "1 report is now “Forwarded”." in messages
    assert any(
        m.startswith("1 left unchanged: “Forwarded” is not their next step") for m in messages
    )


def test_a_viewer_cannot_triage(viewer_client, make_report):
    report = make_report()

    _triage(viewer_client, "mark_triaged", [report])

    assert Report.objects.get(pk=report.pk).status == ReportStatus.NEW
