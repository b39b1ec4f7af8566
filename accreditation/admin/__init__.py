"""Admin of the reference world; `curation` and `status` are shared with the other apps."""

from accreditation.admin import reference  # noqa: F401 (registers the ModelAdmins)
