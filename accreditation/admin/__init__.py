"""Admin of the reference world.

`curation`, `status` and `timeline` hold the admin building blocks every app uses.
"""

from accreditation.admin import reference  # noqa: F401 (registers the ModelAdmins)
