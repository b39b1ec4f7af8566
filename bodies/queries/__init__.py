"""Read paths of the directory, one module per page family, each with its joins and prefetches."""

from bodies.queries.site import DEMO_PRESENT_CACHE_KEY, demo_data_present

__all__ = ["DEMO_PRESENT_CACHE_KEY", "demo_data_present"]
