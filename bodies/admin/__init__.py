"""Admin of the directory: bodies, offices, accreditations, certificates, status timeline."""

from bodies.admin import accreditations, certificates, directory  # noqa: F401 (registrations)
