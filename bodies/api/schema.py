"""Adjustments to the generated OpenAPI schema (a drf-spectacular postprocessing hook)."""

from typing import Any

# Query parameters that are not filters: an empty value is not "no value" for them.
_NOT_FILTERS = {"page", "cursor"}

EMPTY_MEANS_ABSENT = (
    "An empty value is the same as leaving the parameter out, as in the HTML forms."
)


def empty_filter_values_allowed(result: dict, generator: Any, request: Any, public: bool) -> dict:
    """Document that an empty filter value means no filter.

    django-filter ignores `?country=&standard=iso-9001`'s empty `country`, as the HTML pages
    do (a form submits every field), so the API accepts it too; the schema says so, and a
    client (or schemathesis) does not take an empty value for an invalid one.
    """
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") != "query" or parameter["name"] in _NOT_FILTERS:
                    continue
                schema = parameter["schema"]
                if schema.get("type") == "string" and "enum" not in schema:
                    continue  # any string already includes ""
                parameter["schema"] = {"anyOf": [schema, {"type": "string", "enum": [""]}]}
                parts = [str(parameter.get("description", "")), str(EMPTY_MEANS_ABSENT)]
                parameter["description"] = "\n\n".join(part for part in parts if part)
    return result
