"""Site-wide reads: what every page needs (the demo-data banner)."""

from django.conf import settings
from django.core.cache import cache

from bodies.models import Body

DEMO_PRESENT_CACHE_KEY = "certdir:demo-data-present"


def demo_data_present() -> bool:
    """Whether any demo row exists (the site banner). Cached: `seed_demo` clears the key."""
    present = cache.get(DEMO_PRESENT_CACHE_KEY)
    if present is None:
        present = Body.objects.demo().exists()
        cache.set(DEMO_PRESENT_CACHE_KEY, present, settings.CERTDIR_CACHE_SECONDS)
    return present
