"""Settings, read from the environment (12-factor).

Development defaults need nothing installed: an embedded PostgreSQL when DATABASE_URL is unset,
in-process Celery and a local-memory cache when REDIS_URL is unset. Production sets
DJANGO_SECRET_KEY, DATABASE_URL, REDIS_URL, ALLOWED_HOSTS (the base domain), EMAIL_URL and leaves
DJANGO_DEBUG unset.
"""

from __future__ import annotations

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from core.logs import log_format, logging_config

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
TESTING = env.bool("DJANGO_TESTING", default=False)
SECRET_KEY = env(
    "DJANGO_SECRET_KEY",
    default="dev-only-secret-key-never-used-in-production-0123456789" if DEBUG or TESTING else environ.Env.NOTSET,
)

# The base domain: "dbi.example.gov.vn" allows the national site and every province subdomain.
_base_domains = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
ALLOWED_HOSTS = [host for domain in _base_domains for host in (domain, f".{domain}")]
BASE_DOMAIN = _base_domains[0]

# --- Applications -------------------------------------------------------------------------------
# Everything in SHARED_APPS has tables in the public schema. Keep it minimal.
SHARED_APPS = [
    "django_tenants",  # schema routing; must come first
    "tenants",  # Province (the tenant) and its Domain: the list of provinces is national
    "reference",  # VSIC editions and administrative units: national, read-only reference data
    "django.contrib.contenttypes",  # needed by auth and admin in the public schema
    "django.contrib.auth",  # ministry viewers and superadmins live in public
    "accounts",  # the User model: public holds ministry/superadmin accounts
    "core",  # audit log of the superadmin's actions on provinces
    "reporting.national",  # the ministry's rollup: per-province aggregates and submitted reports
    "api",  # API keys: national ones in public, each province's in its schema
    "django.contrib.sessions",  # logins on the national site
    "django.contrib.messages",  # no tables; listed once for both sites
    "django.contrib.staticfiles",  # no tables
    "django.contrib.admin",  # superadmin manages provinces on the national site
    "django.contrib.postgres",  # unaccent and trigram lookups, extensions created in public
    "axes",  # brute-force lockout on the national login
    "rest_framework",  # no tables
    "drf_spectacular",  # no tables
    "drf_spectacular_sidecar",  # no tables: Swagger UI's files, served by the portal (no CDN)
    "django_filters",  # no tables
    "django_htmx",  # no tables
    "csp",  # no tables
    "health_check",  # no tables; its template and command
    "demo",  # no tables: `seed_demo`, the demo provinces of `make run` (no app imports it)
    "merger",  # no tables: `province_merge`, a province that merged in 2025 handing over its records
]
# Everything in TENANT_APPS has tables in each province's schema.
TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "accounts",
    "core",
    "django.contrib.sessions",
    "axes",  # lockouts are counted per province
    "enterprises",
    "assessments",
    "campaigns",  # label "programme"
    "reporting.statistics",  # no tables: the one module computing figures, and the dashboard
    "api",  # the province's API keys and their call log
    "reporting.yearly",  # the yearly report to the ministry
]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Province"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_URLCONF = "dbi_portal.urls_public"
ROOT_URLCONF = "dbi_portal.urls_tenant"
SHOW_PUBLIC_IF_NO_TENANT_FOUND = False
# Set search_path once per tenant switch instead of before every query (halves the round trips).
TENANT_LIMIT_SET_CALLS = True

AUTH_USER_MODEL = "accounts.User"

MIDDLEWARE = [
    # First: every line logged for the request, the province lookup's included, carries its id.
    "core.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Before the tenant middleware: static files need no domain lookup.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tenants.middleware.ProvinceMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.PortalLocaleMiddleware",
    "core.middleware.ControlCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.SessionSchemaMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "api.middleware.ApiCallLogMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

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
                "csp.context_processors.nonce",
                "tenants.context_processors.portal",
                "campaigns.context_processors.agency",
            ],
            # |unlocalize for years and document numbers, in every template without a {% load %}.
            "builtins": ["django.templatetags.l10n"],
        },
    },
]

WSGI_APPLICATION = "dbi_portal.wsgi.application"

# --- Database ------------------------------------------------------------------------------------
_database_url = env("DATABASE_URL", default=None)
if _database_url is None:
    from dbi_portal.devdb import embedded_database_url

    _database_url = embedded_database_url(BASE_DIR)
    # Handed to the processes `seed_demo --parallel` starts, so they reuse this server without starting it.
    EMBEDDED_DATABASE_URL = _database_url
DATABASES = {"default": env.db_url_config(_database_url, engine="django_tenants.postgresql_backend")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
# A kept connection is tested before each request reuses it, so a restarted server costs the
# requests made while it is away, not every request of every worker afterwards.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASE_ROUTERS = ("django_tenants.routers.TenantSyncRouter",)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache, Celery broker -----------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default=None)
_cache_backend = (
    {"BACKEND": "core.cache.PortalRedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
)
CACHES = {
    "default": {
        **_cache_backend,
        # Every key carries the schema, so provinces never read each other's cache.
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
    }
}

# No page needs the browser's powerful features; the header forbids them to the portal and any frame.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "serial", "bluetooth", "autoplay")
}

# The dashboard and the statistics API reuse a province's figures for this long (0: never cached).
STATS_CACHE_SECONDS = env.int("STATS_CACHE_SECONDS", default=0 if TESTING else 300)
# Figures leaving the department (statistics API, national rollup) hide counts of 1 to k - 1 enterprises.
STATS_MIN_CELL = env.int("STATS_MIN_CELL", default=5)

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = REDIS_URL is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_TENANT_CACHE_SECONDS = 30
# A job's task is acknowledged when it ends, so a worker that dies as a whole leaves it unacknowledged
# and Redis hands it to another worker after the visibility timeout (kombu's default, 1 hour; kept,
# because mail retries wait up to an hour and a shorter timeout would deliver them twice). A pool
# child killed alone (SIGKILL, out of memory) is acknowledged as failed, not requeued
# (task_reject_on_worker_lost stays off: a job that kills its worker would otherwise come back
# forever). Either way core.services.job_run claims the job by id first: a redelivery runs nothing
# while the job's heartbeat is fresh or after it finished, failed or was started again; only a
# job whose heartbeat went stale and that the sweep has not failed yet runs again, from the start.
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Run by tenant_schemas_celery's TenantAwareScheduler: without "tenant_schemas", once per province.
# Links in e-mails sent outside a request (reminders): the province's domain goes into {domain}.
SITE_URL_TEMPLATE = env("SITE_URL_TEMPLATE", default="http://{domain}:8000" if DEBUG else "https://{domain}")

CELERY_BEAT_SCHEDULE = {
    "purge-expired-job-files": {"task": "core.tasks.jobs_purge_expired_task", "schedule": 3600.0},
    "clear-expired-sessions": {"task": "core.tasks.sessions_clear_expired_task", "schedule": 6 * 3600.0},
    "fail-stale-jobs": {"task": "core.tasks.jobs_fail_stale_task", "schedule": 900.0},
    "purge-old-import-files": {"task": "enterprises.tasks.import_files_purge_task", "schedule": 24 * 3600.0},
    "purge-old-survey-files": {"task": "assessments.tasks.import_files_purge_task", "schedule": 24 * 3600.0},
    "remind-invited-enterprises": {"task": "assessments.tasks.wave_reminders_task", "schedule": 24 * 3600.0},
    "remind-overdue-task-updates": {"task": "programme.tasks.update_reminders_task", "schedule": 24 * 3600.0},
    "remind-yearly-report-due": {"task": "reports.tasks.report_reminders_task", "schedule": 24 * 3600.0},
    "write-api-calls": {"task": "api.tasks.api_calls_flush_task", "schedule": 60.0},
    "write-national-api-calls": {
        "task": "api.tasks.api_calls_flush_task",
        "schedule": 60.0,
        "tenant_schemas": ["public"],
    },
    # Once, from the public schema: it visits every province itself.
    "refresh-national-snapshots": {
        "task": "national.tasks.snapshots_refresh_task",
        "schedule": crontab(hour=2, minute=30),
        "tenant_schemas": ["public"],
    },
}

# --- Authentication ------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.CachedModelBackend",  # the signed-in user, role and permissions from the cache
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600  # also the life of an invitation link

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "core.http.login_name"
AXES_CLIENT_IP_CALLABLE = "core.http.client_ip"
# How many reverse proxies append to X-Forwarded-For in front of the app (0: trust REMOTE_ADDR).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_VERBOSE = False

# Sessions and CSRF are bound to one province: cookies are host-only (no COOKIE_DOMAIN), sessions
# are stored per schema and accounts.middleware checks the session's schema.
SESSION_COOKIE_DOMAIN = None
CSRF_COOKIE_DOMAIN = None
# The CSRF secret is a cookie, not a session entry: an anonymous visitor (the language switcher and
# the login form need a token on every page) gets no session row until they sign in. Templates put
# the token in forms and in htmx's header, so no script needs to read the cookie.
CSRF_USE_SESSIONS = False
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
# Sessions are read from the cache (the database keeps them too): no query per page for the session.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Messages can carry a one-time password (new province admin): keep them server-side.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# --- E-mail --------------------------------------------------------------------------------------
_email_default = "consolemail://" if DEBUG else "smtp://localhost:25"
vars().update(env.email_url("EMAIL_URL", default=_email_default))
EMAIL_TIMEOUT = 10  # a mail server that does not answer is retried later by the task, not waited for
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="DBI <no-reply@localhost>")

# --- Language and time ---------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Numbers read as each language writes them (3.604 in Vietnamese, 3,604 in English), like the PDF.
# Identifiers printed into pages (years, numbers of documents, keys) say |unlocalize.
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["dbi_portal.formats"]

# --- Static and media ----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / ".data" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "core.staticfiles.PortalStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
JOB_RESULT_TTL_HOURS = 72
# A running job's worker writes a heartbeat this often; without one for JOB_STALL_MINUTES its page
# says it stalled, and the sweep (core.services.jobs_fail_stale) fails it after JOB_STALL_FAIL_MINUTES,
# before the broker would redeliver it (see CELERY_TASK_ACKS_LATE). A job still waiting for a worker
# after JOB_STALE_HOURS is failed too.
JOB_HEARTBEAT_SECONDS = env.float("JOB_HEARTBEAT_SECONDS", default=30)
JOB_STALL_MINUTES = env.float("JOB_STALL_MINUTES", default=3)
JOB_STALL_FAIL_MINUTES = env.float("JOB_STALL_FAIL_MINUTES", default=30)
JOB_STALE_HOURS = 2

# --- REST API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ApiKeyRateThrottle", "api.throttling.SessionRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api_key": env("API_KEY_RATE", default="600/min"), "user": "600/min"},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "DBI provincial portal API",
    "DESCRIPTION": (
        "A province's statistics, registry and programme, read-only. Send `Authorization: Api-Key <key>` "
        "with a key issued by the province's administrator. Errors answer "
        '{"error": {"code", "message": {"vi", "en"}, "detail"}, "status"}.'
    ),
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
        "reporting.statistics.api.views.model_version_enum",
    ],
    "SERVE_INCLUDE_SCHEMA": False,  # the schema does not list itself: it is the document, not an endpoint
}

# --- Security ------------------------------------------------------------------------------------
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG and not TESTING:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz"]  # probes from inside the network speak plain http
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # "__Host-": the browser refuses the cookie unless it is Secure, host-only and for "/", so a
    # sibling subdomain (another province) cannot plant its CSRF secret here.
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# One line per event on stdout, with the province, user, request and job (core/logs.py): JSON for
# machines unless LOG_FORMAT=text, which is the default in development (DJANGO_DEBUG=1).
LOG_FORMAT = log_format()
LOGGING = logging_config(level=env("LOG_LEVEL", default="INFO"), json=LOG_FORMAT == "json")

# --- Registry import -----------------------------------------------------------------------------
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_MB", default=50) * 1024 * 1024
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=200_000)
IMPORT_FILE_TTL_DAYS = env.int("IMPORT_FILE_TTL_DAYS", default=30)  # uploaded files, not their reports
