"""Helpers for admin tests: submit a rendered admin form the way a browser would."""

import re
from html.parser import HTMLParser

from django.db.models import Model
from django.urls import reverse


def admin_url(model: type[Model] | Model, view: str, *args) -> str:
    """reverse() of an admin view: changelist, add, change, history, delete, status."""
    opts = model._meta
    if isinstance(model, Model) and not args:
        args = (model.pk,)
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


class _FormParser(HTMLParser):
    """Collects the successful controls of one <form> (by id) as a browser would submit them."""

    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id = form_id
        self.in_form = False
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def _add(self, name: str, value: str) -> None:
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "form":
            self.in_form = attributes.get("id") == self.form_id
            return
        if not self.in_form or "name" not in attributes and tag != "option":
            return
        name = attributes.get("name")
        if tag == "input":
            kind = attributes.get("type", "text")
            if kind in ("submit", "button", "image", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            self._add(name, attributes.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select":
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attributes:
            self._add(self._select, attributes.get("value", ""))
        elif tag == "textarea":
            self._textarea = name
            self._add(name, "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            # Browsers drop the newline right after <textarea>.
            self.data[self._textarea][-1] += data.removeprefix("\n")


def form_data(response, form_id: str) -> dict[str, list[str]]:
    """The data a browser would post from the form `form_id` of a rendered page."""
    parser = _FormParser(form_id)
    parser.feed(response.content.decode())
    assert parser.data, f"no form #{form_id} on the page"
    return parser.data


def change_form_data(response) -> dict[str, list[str]]:
    """The data of an admin add/change form (id "<model_name>_form")."""
    opts = response.context["opts"]
    return form_data(response, f"{opts.model_name}_form")


def assert_curator_can_use_every_page(client, obj: Model, *, can_add: bool = True) -> None:
    """Changelist, add, change, history and delete confirmation of `obj` for a curator."""
    model = type(obj)
    changelist = client.get(admin_url(model, "changelist"))
    assert changelist.status_code == 200
    assert admin_url(obj, "change") in changelist.content.decode()
    # The first column is the link to the change page: a link inside it would be nested.
    for cell in re.findall(r'<th class="field-[^"]*">(.*?)</th>', changelist.content.decode()):
        assert cell.count("<a ") <= 1, cell
    assert client.get(admin_url(model, "add")).status_code == (200 if can_add else 403)
    change = client.get(admin_url(obj, "change"))
    assert change.status_code == 200
    assert 'name="_save"' in change.content.decode()
    history = client.get(admin_url(obj, "history"))
    assert history.status_code == 200
    delete = client.get(admin_url(obj, "delete"))
    assert delete.status_code == 200
    assert "Are you sure" in delete.content.decode() or "protected" in delete.content.decode()


def assert_viewer_can_only_read(client, obj: Model) -> None:
    """A viewer sees the list, the object (read only) and its history, and changes nothing."""
    model = type(obj)
    changelist = client.get(admin_url(model, "changelist"))
    assert changelist.status_code == 200
    assert admin_url(obj, "change") in changelist.content.decode()
    assert 'name="action"' not in changelist.content.decode()  # no bulk actions at all
    change = client.get(admin_url(obj, "change"))
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()
    assert 'name="_continue"' not in change.content.decode()
    assert client.get(admin_url(obj, "history")).status_code == 200
    assert client.get(admin_url(model, "add")).status_code == 403
    assert client.post(admin_url(obj, "change"), {}).status_code == 403
    assert client.post(admin_url(obj, "delete"), {"post": "yes"}).status_code == 403
    assert model._default_manager.filter(pk=obj.pk).exists()


def assert_anonymous_is_sent_to_login(client, obj: Model) -> None:
    login = reverse("admin:login")
    for url in (admin_url(type(obj), "changelist"), admin_url(obj, "change")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(f"{login}?next=")
