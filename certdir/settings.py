"""certdir settings: one module, driven by environment variables read through strict helpers.

With no environment at all this is a development configuration (DEBUG on, SQLite at
./db.sqlite3). Production sets DJANGO_DEBUG=false, which makes DJANGO_SECRET_KEY and
DJANGO_ALLOWED_HOSTS mandatory and turns on the HTTPS-only settings that
`manage.py check --deploy` looks for. Every variable is listed in .env.example and the README.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from certdir.env import env_bool, env_int, env_list, env_parsed, env_rate, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", True)

_DEV_SECRET_KEY = "django-insecure-development-only-key-never-used-in-production"  # noqa: S105
SECRET_KEY = env_str("DJANGO_SECRET_KEY", _DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is false")
if not DEBUG and SECRET_KEY == _DEV_SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must not be the development key in production")

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"] if DEBUG else []
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is false")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # django.contrib.admin with a rate-limited login (ops.admin_site); `admin.site` as usual.
    "ops.apps.CertdirAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_filters",
    "django_countries",
    "django_htmx",
    "simple_history",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",  # its system checks catch django-csp 3 style settings
    "django_ratelimit",  # its system checks vet the cache the counters live in
    "ops",
    "accreditation",
    "bodies",
    "complaints",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the database: per-request read-your-writes pin (ops.db_router).
    "ops.middleware.ReplicaPinMiddleware",
    # A database outage answers 503 with templates/503.html instead of a 500.
    "ops.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # /api/ (outside i18n_patterns) answers in the client's Accept-Language.
    "ops.language.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "certdir.urls"
WSGI_APPLICATION = "certdir.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "bodies.context_processors.site",
            ],
        },
    },
]

# --- Database --------------------------------------------------------------------------------
# DATABASE_URL selects the engine: sqlite:///path (default ./db.sqlite3) or postgres://...
# Persistent connections matter on PostgreSQL: a new connection per request cut list-page
# throughput threefold on this project's machines (STACK-NOTES.md).
CONN_MAX_AGE = env_int("DATABASE_CONN_MAX_AGE", 600, minimum=0)


def _database(url: str) -> dict:
    config = dj_database_url.parse(url, conn_max_age=CONN_MAX_AGE, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        # A busy timeout keeps parallel readers from failing while demo data is written.
        config.setdefault("OPTIONS", {})["timeout"] = 20
    return config


DATABASES = {
    "default": env_parsed(
        "DATABASE_URL",
        _database(f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        _database,
        "a database URL such as postgres://user@host:5432/name",
    )
}


# Read replicas (PostgreSQL streaming replicas of DATABASE_URL): comma-separated URLs become
# aliases replica_1, replica_2, ... ops.db_router sends reads there and writes, reads after a
# write and reads of sessions / login attempts to "default". In tests each replica mirrors
# "default" (no separate test database).
def _replicas(value: str) -> list[dict]:
    urls = [url.strip() for url in value.split(",")]
    if "" in urls:
        raise ValueError("an empty item between commas")
    return [{**_database(url), "TEST": {"MIRROR": "default"}} for url in urls]


_REPLICAS = env_parsed(
    "DATABASE_REPLICA_URLS", [], _replicas, "a comma-separated list of database URLs"
)
DATABASE_REPLICA_ALIASES = [f"replica_{number}" for number in range(1, len(_REPLICAS) + 1)]
DATABASES.update(zip(DATABASE_REPLICA_ALIASES, _REPLICAS, strict=True))
DATABASE_ROUTERS = ["ops.db_router.PrimaryReplicaRouter"]
# After a request that wrote, the client reads from the primary for this many seconds (a
# cookie), so the page a form redirects to shows the write even if a replica lags. 0: off.
DATABASE_REPLICA_PIN_SECONDS = env_int("DATABASE_REPLICA_PIN_SECONDS", 10, minimum=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Caches and sessions ---------------------------------------------------------------------
# One process keeps its own cache by default; REDIS_URL shares one cache between app servers.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions (the shortlist) live in the database, so any app server can answer any request.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Rate limits (ops.ratelimit) -------------------------------------------------------------
# Views opt in with @rate_limit("CERTDIR_RATE_…"); a rate is "<count>/<s|m|h|d>" per client
# address. Counters live in the default cache: per process with the local cache, shared with
# REDIS_URL (`check --deploy` reports certdir.I001 without it).
CERTDIR_RATE_VERIFY = env_rate("CERTDIR_RATE_VERIFY", "60/m")
CERTDIR_RATE_BULK_VERIFY = env_rate("CERTDIR_RATE_BULK_VERIFY", "10/h")
CERTDIR_RATE_COMPLAINTS = env_rate("CERTDIR_RATE_COMPLAINTS", "10/h")
CERTDIR_RATE_ADMIN_LOGIN = env_rate("CERTDIR_RATE_ADMIN_LOGIN", "10/m")
# The JSON API, per client address (bodies.api.throttling; DRF's counters, same cache).
CERTDIR_API_RATE = env_rate("CERTDIR_API_RATE", "120/m")
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", True)  # false only for load tests
# Behind N proxies (load balancer, CDN) the client is the N-th X-Forwarded-For entry from the
# right; 0 uses REMOTE_ADDR. Rate limits and admin lockouts both count per client address.
CERTDIR_TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0, minimum=0)
RATELIMIT_IP_META_KEY = "ops.client_ip.client_ip"

# --- Authentication --------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ADMIN_PATH = env_str("DJANGO_ADMIN_PATH", "admin/")
if not ADMIN_PATH.endswith("/") or ADMIN_PATH.startswith("/"):
    raise ImproperlyConfigured(f"DJANGO_ADMIN_PATH={ADMIN_PATH!r} must look like 'admin/'")
LOGIN_URL = "admin:login"
# django-axes: lock an IP + username out of the admin after repeated failed logins.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "ops.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "ops.views.locked_out"  # a page with status 429 and Retry-After
# Staff groups (bodies/staff_groups.py): history pages need view permission on the
# Historical* models, which both groups have. Reverting to an old version is off: it would
# write an old status back without a timeline row.
SIMPLE_HISTORY_ENFORCE_HISTORY_MODEL_PERMISSIONS = True
SIMPLE_HISTORY_REVERT_DISABLED = True

# --- Internationalisation --------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files ----------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# The manifest storage needs `collectstatic` first, so development and tests serve plain files.
STATIC_MANIFEST = env_bool("DJANGO_STATIC_MANIFEST", not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST

# --- Security --------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers answer health checks over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Content-Security-Policy (django-csp 4): every script and style is a vendored static file.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # bytes; uploads larger than this are refused
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# The largest CSV file ops.uploads.validate_csv_upload accepts by default, in bytes.
CERTDIR_UPLOAD_MAX_BYTES = env_int("CERTDIR_UPLOAD_MAX_BYTES", 2_097_152, minimum=1)

SILENCED_SYSTEM_CHECKS = [
    # django-ratelimit knows django-redis but not Django's own RedisCache, which increments
    # atomically (Redis INCR) and is what REDIS_URL configures.
    "django_ratelimit.W001",
]
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    # A per-process cache: limits hold per worker. Acceptable for development and one small
    # server; certdir.I001 (ops.checks) says so under `check --deploy`.
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")
if not SECURE_HSTS_PRELOAD:
    # HSTS is on for a year with subdomains; asking browsers to preload the domain is a
    # domain-wide commitment that is hard to undo, so it is the operator's explicit choice.
    SILENCED_SYSTEM_CHECKS.append("security.W021")

# --- Logging ---------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
}

# --- The JSON API (bodies.api) -----------------------------------------------------------------
# Read-only open data: every client is anonymous (no session, so no CSRF and no per-user
# state), answers are JSON only (the browsable API's inline scripts would break the CSP; the
# docs at /api/docs/ are the way to explore it).
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["bodies.api.throttling.ApiRateThrottle"],
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "certdir API",
    "DESCRIPTION": (
        "Read-only open data on conformity-assessment bodies, the accreditation bodies that "
        "accredit them and their recognitions, and certificates. The list filters are those "
        "of the HTML pages; dates are ISO 8601; related objects carry their slug and URL."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from drf-spectacular-sidecar's vendored files under STATIC_URL: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "bodies.api.schema.empty_filter_values_allowed",
    ],
    # Several models have a `status` (and a `level`): one named enum per choice set.
    "ENUM_NAME_OVERRIDES": {
        "AccreditationStatusEnum": "bodies.models.AccreditationStatus",
        "CertificateStatusEnum": "bodies.models.CertificateStatus",
        "CheckLevelEnum": "bodies.verification.CheckLevel",
        "RecognitionStatusEnum": "accreditation.models.RecognitionStatus",
        "CooperationStatusEnum": "accreditation.models.CooperationStatus",
        "CooperationLevelEnum": "accreditation.models.CooperationLevel",
    },
}

# --- certdir ---------------------------------------------------------------------------------
REFERENCE_DATA_DIR = BASE_DIR / "accreditation" / "data"
# How long cached choice lists and facet counts live, in seconds.
CERTDIR_CACHE_SECONDS = env_int("CERTDIR_CACHE_SECONDS", 300, minimum=0)

# Bulk verification: at most this many rows and bytes per file.
CERTDIR_BULK_VERIFY_MAX_ROWS = 5_000
# Staff CSV imports through the admin (the commands have no limit).
CERTDIR_IMPORT_MAX_BYTES = env_int("CERTDIR_IMPORT_MAX_BYTES", 200_000_000, minimum=1)
