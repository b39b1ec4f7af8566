"""The one error demo seeding raises for bad input or missing reference data."""


class DemoDataError(Exception):
    """Why demo data cannot be seeded or cleared; the command shows it as a CommandError."""
