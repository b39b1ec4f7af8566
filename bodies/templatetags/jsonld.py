"""`{{ data|json_ld }}`: a dict as JSON that is safe inside <script type="application/ld+json">.

Django's `json_script` escapes the same way but writes type="application/json" with an id;
schema.org structured data needs type="application/ld+json". The escapes (<, >, & as
\\uXXXX) mean no value can close the script element or open a comment, whatever it holds.
"""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(data: dict) -> SafeString:
    text = json.dumps(data, cls=DjangoJSONEncoder, sort_keys=True).translate(_SCRIPT_ESCAPES)
    return mark_safe(text)  # the escapes above make it safe inside a script element
