"""Find user-visible text in Django templates that is not inside a translation tag.

What a reader (or a screen reader) gets is the text between tags and a few attributes
(alt, title, aria-label, placeholder, ...). Everything else is dropped before looking:
comments, {% translate %} and {% blocktranslate %}…{% endblocktranslate %}, other template
tags and variables (their output is data or is translated where it is produced), <script>
and <style> contents, and text that is only punctuation, numbers, codes (ISO/IEC 17021-1,
CSV, IAF) or proper names listed in NOT_TRANSLATED.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

# Attributes whose values people read or hear.
VISIBLE_ATTRIBUTES = frozenset(
    {"alt", "title", "aria-label", "aria-description", "aria-roledescription", "placeholder"}
)
# Names and marks that stay the same in every language.
NOT_TRANSLATED = frozenset({"certdir", "cert", "dir", "htmx", "JavaScript", "ISO", "IEC"})

_COMMENT_BLOCK = re.compile(r"{%\s*comment\b.*?%}.*?{%\s*endcomment\s*%}", re.DOTALL)
_COMMENT = re.compile(r"{#.*?#}", re.DOTALL)
_BLOCK_TRANSLATE = re.compile(
    r"{%\s*blocktrans(?:late)?\b.*?%}.*?{%\s*endblocktrans(?:late)?\s*%}", re.DOTALL
)
# Blocks whose output lands inside an attribute that nobody reads (admin's <body class>).
_ATTRIBUTE_BLOCKS = re.compile(r"{%\s*block\s+bodyclass\s*%}.*?{%\s*endblock\b.*?%}", re.DOTALL)
_TRANSLATE = re.compile(r"{%\s*trans(?:late)?\s.*?%}", re.DOTALL)
_TEMPLATE_CODE = re.compile(r"{%.*?%}|{{.*?}}", re.DOTALL)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# An acronym or a standard code: "CSV", "ISO/IEC 17021-1", "IAF MLA", "EA-1/22".
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9/.\-:&+]*$")
_WORD = re.compile(r"[^\W\d_][\w'’/.\-]*", re.UNICODE)


def _is_readable(text: str) -> bool:
    """True when `text` holds a word someone would need translated."""
    for word in _WORD.findall(text):
        word = word.strip(".-/'’")
        # One letter is a mark ("x" of a close button, "a)" of a list), not a word.
        if len(word) < 2 or word in NOT_TRANSLATED or _CODE.match(word):
            continue
        return True
    return False


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._skip_depth = 0  # inside <script> or <style>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._skip_depth += 1
        attributes = dict(attrs)
        for name, value in attrs:
            if value and name in VISIBLE_ATTRIBUTES and _is_readable(value):
                self.found.append(f'<{tag} {name}="{value.strip()}">')
        # The text of a button-like input and a page description are read as well.
        value = attributes.get("value") or ""
        is_button = tag == "input" and attributes.get("type") in {"submit", "button", "reset"}
        if is_button and _is_readable(value):
            self.found.append(f'<input value="{value.strip()}">')
        content = attributes.get("content") or ""
        if tag == "meta" and attributes.get("name") == "description" and _is_readable(content):
            self.found.append(f'<meta content="{content.strip()}">')

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in {"script", "style"}:
            self._skip_depth -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"} and self._skip_depth:
            self._skip_depth -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip_depth and _is_readable(data):
            self.found.append(" ".join(data.split()))


def untranslated_text(source: str) -> list[str]:
    """The visible pieces of a template's source that are not marked for translation."""
    for pattern in (
        _COMMENT_BLOCK,
        _COMMENT,
        _ATTRIBUTE_BLOCKS,
        _BLOCK_TRANSLATE,
        _TRANSLATE,
        _HTML_COMMENT,
    ):
        source = pattern.sub(" ", source)
    # Other tags and variables become a neutral placeholder, so an attribute like
    # title="{{ body.name }}" or a tag inside an attribute list leaves no text behind.
    source = _TEMPLATE_CODE.sub(" ", source)
    collector = _TextCollector()
    collector.feed(source)
    collector.close()
    return collector.found


def untranslated_in_templates(root: Path) -> dict[str, list[str]]:
    """{relative path: [unmarked text, ...]} for every template file under `root`."""
    report = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in {".html", ".txt", ".xml"}:
            found = untranslated_text(path.read_text(encoding="utf-8"))
            if found:
                report[str(path.relative_to(root))] = found
    return report
