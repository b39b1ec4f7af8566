"""Deployment checks of certdir's own (`manage.py check --deploy`)."""

from django.conf import settings
from django.core import checks

_LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@checks.register(checks.Tags.caches, deploy=True)
def check_shared_cache(app_configs: object, **kwargs: object) -> list[checks.CheckMessage]:
    """Rate limits count in the cache: a per-process cache multiplies every limit.

    An Info, not a Warning: one small server runs fine on it, and the limits still hold per
    worker. Several app servers should share REDIS_URL.
    """
    backend = settings.CACHES["default"]["BACKEND"]
    if backend not in _LOCAL_CACHES:
        return []
    return [
        checks.Info(
            "The default cache is local to each process, so every rate limit is counted per "
            "gunicorn worker (the effective limit is the rate times the number of workers and "
            "servers).",
            hint="Set REDIS_URL to share one cache between all workers and app servers.",
            id="certdir.I001",
        )
    ]
