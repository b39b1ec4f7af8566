"""Status timelines on body, accreditation-body and certificate pages, and look-alike flags."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accreditation.models import Recognition, Standing


def test_body_page_shows_its_accreditations_status_history_with_sources(
    client, certified, make_status_change
):
    make_status_change(
        certified.accreditation,
        new_status="suspended",
        effective_on=datetime.date(2026, 2, 3),
        source="https://ab.example/decisions/17",
        note="Suspended pending an extraordinary assessment.",
    )
    make_status_change(certified, new_status="withdrawn", effective_on=datetime.date(2026, 5, 1))
    html = client.get(certified.issuing_body.get_absolute_url()).content.decode()
    assert "Status history" in html
    assert 'datetime="2026-02-03"' in html
    assert "https://ab.example/decisions/17" in html
    assert "Suspended pending an extraordinary assessment." in html
    # Certificate changes stay on the certificate's own page.
    assert 'datetime="2026-05-01"' not in html


def test_ab_page_shows_recognition_and_accreditation_changes(client, certified, make_status_change):
    ab = certified.accreditation.accreditation_body
    make_status_change(
        Recognition.objects.get(accreditation_body=ab),
        new_status="suspended",
        effective_on=datetime.date(2026, 7, 1),
        source="IAF MLA decision 2026-07",
    )
    make_status_change(
        certified.accreditation, new_status="expired", effective_on=datetime.date(2026, 1, 9)
    )
    html = client.get(ab.get_absolute_url()).content.decode()
    assert "IAF MLA decision 2026-07" in html
    assert html.index('datetime="2026-07-01"') < html.index('datetime="2026-01-09"')
    assert "Quillmoor Assurance" in html


def test_body_page_queries_do_not_grow_with_the_timeline(client, certified, make_status_change):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(certified.issuing_body.get_absolute_url())
        return len(queries)

    make_status_change(
        certified.accreditation, new_status="suspended", effective_on=datetime.date(2026, 1, 1)
    )
    count()  # warm the site-wide cache (demo banner)
    one = count()
    for day in range(2, 12):
        make_status_change(
            certified.accreditation,
            old_status="suspended" if day % 2 == 0 else "active",
            new_status="active" if day % 2 == 0 else "suspended",
            effective_on=datetime.date(2026, 1, day),
        )
    assert count() == one


def test_a_lookalike_ab_page_shows_the_flag_the_note_its_claims_and_sources(
    client, make_accreditation_body
):
    ab = make_accreditation_body(
        "IAF-AB",
        recognised=False,
        standing=Standing.NOT_RECOGNISED,
        standing_note="Not a member or signatory of IAF or ILAC, as checked on 2026-11-29.",
        standing_checked_on=datetime.date(2026, 11, 29),
        claims="Describes itself as an international accreditation forum.",
        source_refs="S-LA-IAFAB;S-WIKI-IAF",
    )
    html = client.get(ab.get_absolute_url()).content.decode()
    assert "not recognised" in html
    assert "Not a member or signatory of IAF or ILAC" in html
    assert "Describes itself as an international accreditation forum." in html
    assert "S-LA-IAFAB, S-WIKI-IAF" in html


def test_a_listed_ab_page_shows_no_flag(client, make_accreditation_body):
    html = client.get(make_accreditation_body("UKX").get_absolute_url()).content.decode()
    assert "badge--not-recognised" not in html
