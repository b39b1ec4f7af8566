"""The read-only JSON API under /api/v1/ (Django REST framework) and its OpenAPI schema.

Free, unkeyed open data: the same rows and the same filter vocabulary as the HTML pages,
serialized with ISO dates and related objects by slug and URL. Nothing staff-only (who
recorded a change, reporters' addresses, curators' notes) is ever serialized.
"""
