"""Every piece of text a person reads in a template is marked for translation."""

from pathlib import Path

import pytest
from django.conf import settings

from tests.i18n.template_text import untranslated_in_templates, untranslated_text

TEMPLATES_DIR = Path(settings.BASE_DIR) / "templates"


def test_no_template_has_visible_text_outside_a_translation_tag():
    report = untranslated_in_templates(TEMPLATES_DIR)

    assert not report, "Mark these for translation ({% translate %} / {% blocktranslate %}):\n" + (
        "\n".join(f"templates/{path}: {text!r}" for path, texts in report.items() for text in texts)
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("<p>Find a body</p>", ["Find a body"]),
        ('<img src="x.svg" alt="Company logo">', ['<img alt="Company logo">']),
        ('<a href="#" title="Open the page">x</a>', ['<a title="Open the page">']),
        ('<nav aria-label="Main">', ['<nav aria-label="Main">']),
        (
            '<input type="search" placeholder="Name or number">',
            ['<input placeholder="Name or number">'],
        ),
        ('<input type="submit" value="Search">', ['<input value="Search">']),
        ('<meta name="description" content="The directory">', ['<meta content="The directory">']),
        ("<p>{% translate 'Found' %}: <b>{{ count }}</b> bodies</p>", ["bodies"]),
        ("<p>{% if x %}Suspended{% endif %}</p>", ["Suspended"]),
        ("<p lang='ru'>Проверить</p>", ["Проверить"]),
    ],
)
def test_the_checker_reports_unmarked_text(source, expected):
    assert untranslated_text(source) == expected


@pytest.mark.parametrize(
    "source",
    [
        "<p>{% translate 'Find a body' %}</p>",
        '<p>{% trans "Find a body" %}</p>',
        "<p>{% blocktranslate trimmed with n=count %}\n  {{ n }} bodies found\n"
        "{% endblocktranslate %}</p>",
        "<p>{% blocktranslate count counter=n %}{{ counter }} body{% plural %}{{ counter }} bodies"
        "{% endblocktranslate %}</p>",
        "{# A note for developers #}<p>{{ body.name }}</p>",
        "{% comment %}Explains the partial.{% endcomment %}<hr>",
        "<!-- layout helper --><div></div>",
        "<script>var words = 'not shown';</script><style>p::after { content: 'x'; }</style>",
        '<a class="button primary" href="/bodies/?q=foo" data-role="toggle">{{ label }}</a>',
        '<img alt="{% translate \'Logo\' %}" src="a.png"><span title="{{ body.name }}"></span>',
        "<td>ISO/IEC 17021-1</td><td>CSV</td><td>IAF MLA</td><td>2026-01-01</td><td>— · →</td>",
        '<a class="site-logo" href="/">cert<span>dir</span></a>',
        '<input type="hidden" name="next" value="continue here">',
        "{% block bodyclass %}{{ block.super }} app-{{ opts.app_label }} change-form{% endblock %}",
    ],
)
def test_the_checker_accepts_marked_text_data_and_codes(source):
    assert untranslated_text(source) == []
