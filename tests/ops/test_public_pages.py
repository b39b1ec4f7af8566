"""Site-wide security properties, checked on every public page (tests/ops/public_site.py):
CSRF on every form that posts, no inline script or style (the CSP forbids them), the
security headers; and no secret committed to the repository."""

import re
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from tests.ops.public_site import page_forms

ROOT = Path(__file__).resolve().parents[2]


def html_pages(site) -> dict[str, str]:
    """path -> HTML of every public page that answers HTML to a plain GET."""
    _population, addresses = site
    client = Client()
    pages = {}
    for path in addresses.values():
        response = client.get(path)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            pages[path] = response.content.decode()
    return pages


@pytest.fixture
def pages(site, db, settings) -> dict[str, str]:
    settings.RATELIMIT_ENABLE = False
    return html_pages(site)


def test_every_form_that_posts_carries_a_csrf_token(pages):
    missing = {}
    for path, html in pages.items():
        for form in page_forms(path, html):
            if form.method == "post" and "csrfmiddlewaretoken" not in form.fields:
                missing.setdefault(path, []).append(form.action)
    assert missing == {}
    assert any(
        form.method == "post" for path, html in pages.items() for form in page_forms(path, html)
    )


def test_every_post_without_the_csrf_token_is_refused(pages, settings):
    actions = {
        form.action
        for path, html in pages.items()
        for form in page_forms(path, html)
        if form.method == "post"
    }
    assert actions
    client = Client(enforce_csrf_checks=True)
    accepted = {action: client.post(action, {}).status_code for action in actions}
    assert {action: status for action, status in accepted.items() if status != 403} == {}


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/ld\+json\")[^>]*>")
INLINE_STYLE = re.compile(r"<style\b|\sstyle=\"|\son[a-z]+=\"")


def test_no_public_page_has_inline_script_style_or_event_handlers(pages):
    """The Content-Security-Policy allows only 'self' scripts and styles: anything inline
    would be blocked in the browser (JSON-LD data blocks are not scripts, and allowed)."""
    offending = {
        path: sorted(set(INLINE_SCRIPT.findall(html) + INLINE_STYLE.findall(html)))
        for path, html in pages.items()
    }
    assert {path: found for path, found in offending.items() if found} == {}


def test_every_public_page_carries_the_security_headers(site, db, settings):
    settings.RATELIMIT_ENABLE = False
    _population, addresses = site
    client = Client()
    missing = {}
    for path in addresses.values():
        response = client.get(path)
        headers = {
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "strict-origin-when-cross-origin",
            "X-Frame-Options": "DENY",
        }
        wrong = [name for name, value in headers.items() if response.get(name) != value]
        if "html" in response.get("Content-Type", "") and "Content-Security-Policy" not in response:
            wrong.append("Content-Security-Policy")
        if wrong:
            missing[path] = wrong
    assert missing == {}


SECRET_SHAPES = re.compile(
    r"-----BEGIN [A-Z ]*PRIVATE KEY-----"
    r"|AKIA[0-9A-Z]{16}"  # AWS access key id
    r"|gh[pousr]_[A-Za-z0-9]{36}"  # GitHub token
    r"|xox[abpr]-[A-Za-z0-9-]{10,}"  # Slack token
    # A URL with a password in it (documentation writes the placeholder "password").
    r"|(?:postgres|redis)(?:ql)?://[^\s:@/]*:(?!password@)[^\s@/`]{6,}@"
)


def test_no_secret_is_committed():
    """No key, token or password-bearing URL in any tracked file, and no .env file."""
    files = (
        subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
        .stdout.decode()
        .split("\0")
    )
    files = [name for name in files if name and (ROOT / name).is_file()]
    assert not [name for name in files if Path(name).name in (".env", "db.sqlite3")]
    found = {}
    for name in files:
        text = (ROOT / name).read_bytes().decode("utf-8", errors="ignore")
        if match := SECRET_SHAPES.search(text):
            found[name] = match.group(0)[:40]
    assert found == {}
