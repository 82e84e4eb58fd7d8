"""Django settings for recoverynet.

Every value that differs between a laptop and production comes from an environment variable; the
README lists them. Defaults are safe for `make demo` (embedded SQLite, e-mail printed to the console).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("RECOVERYNET_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
# The fallback key only exists so that `make demo` and tests run; production refuses to start with it
# (see `check --deploy` and docs/deployment.md).
INSECURE_DEV_KEY = "django-insecure-recoverynet-development-only-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", INSECURE_DEV_KEY)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("RECOVERYNET_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The name in page titles and e-mails ("Hello from recoverynet!").
SITE_NAME = os.environ.get("RECOVERYNET_SITE_NAME", "recoverynet")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "recoverynet.core",
    "recoverynet.accounts",
    "recoverynet.network",
    "recoverynet.billing",
    "recoverynet.events",
    "recoverynet.challenges",
    "recoverynet.plans",
    "django.contrib.postgres",
    "recoverynet.library",
    "recoverynet.newsletter",
    "recoverynet.webhooks",
    "recoverynet.operations",
    "recoverynet.feedback",
    "recoverynet.outcomes",
    "recoverynet.engagements",
    "recoverynet.colleges",
    "recoverynet.privacy",
]

MIDDLEWARE = [
    "recoverynet.core.site_locale.SiteLocaleMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "recoverynet.core.middleware.ContentSecurityPolicyMiddleware",
    "recoverynet.core.api.ApiErrorShapeMiddleware",
    "recoverynet.core.input_guard.RejectControlCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "recoverynet.accounts.middleware.AbsoluteSessionTimeoutMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "recoverynet.network.middleware.RequireMFAForStaffMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "recoverynet.urls"
WSGI_APPLICATION = "recoverynet.wsgi.application"
ASGI_APPLICATION = "recoverynet.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],  # overrides of third-party templates (allauth)
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "recoverynet.core.context_processors.site",
            ],
            # Django's `date` filter and `url` tag, faster for table rows (same answers).
            "builtins": ["recoverynet.core.template_builtins"],
        },
    }
]

# --- Database -------------------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'recoverynet.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # psycopg's pool keeps connections warm without CONN_MAX_AGE's per-thread stickiness.
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("DATABASE_POOL_MIN", "2")),
        "max_size": int(os.environ.get("DATABASE_POOL_MAX", "10")),
        "timeout": 10,
    }
else:
    # WAL + a busy timeout let the web process and the worker share the embedded database.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
# A streaming read replica for reports, exports and search, by explicit opt-in (core/replica.py).
# Absent: every read goes to the primary. Tests use the test database's copy on the replica (MIRROR).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=0)
    DATABASES["replica"]["OPTIONS"] = dict(DATABASES["default"].get("OPTIONS", {}))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["recoverynet.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions ----------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "recoverynet.core.redis_cache.RedisCache", "LOCATION": REDIS_URL}
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Public pages seen signed out are cached this long at most (core/page_cache.py; domain events make
# them fresh sooner). Only with a cache every process shares: off (0) without Redis.
PAGE_CACHE_SECONDS = int(
    os.environ.get("RECOVERYNET_PAGE_CACHE_SECONDS", "60" if REDIS_URL else "0")
)
# A signed-in person's pages are kept for them at most this long (core/private_pages.py; a write
# through any service makes them fresh at once). Also only with Redis.
PRIVATE_PAGE_CACHE_SECONDS = int(
    os.environ.get("RECOVERYNET_PRIVATE_PAGE_CACHE_SECONDS", "60" if REDIS_URL else "0")
)

# Idle timeout: a session dies after this many seconds of quiet. It is not written on every
# request (SESSION_SAVE_EVERY_REQUEST was a database write per page view): a request renews its
# expiry only once it is RECOVERYNET_SESSION_REFRESH_SECONDS old (at most half the idle timeout;
# accounts/middleware.py, decision 0047), so the idle timeout is between 1 h 55 min and 2 h.
SESSION_COOKIE_AGE = int(os.environ.get("RECOVERYNET_SESSION_IDLE_SECONDS", str(2 * 60 * 60)))
SESSION_SAVE_EVERY_REQUEST = False
RECOVERYNET_SESSION_REFRESH_SECONDS = int(
    os.environ.get("RECOVERYNET_SESSION_REFRESH_SECONDS", str(5 * 60))
)
# Absolute timeout: however active, a session ends this long after sign-in (OWASP ASVS 3.3).
RECOVERYNET_SESSION_ABSOLUTE_SECONDS = int(
    os.environ.get("RECOVERYNET_SESSION_ABSOLUTE_SECONDS", str(12 * 60 * 60))
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Auth ------------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:home"  # "Your things"; also where confirming an e-mail lands
ACCOUNT_ADAPTER = "recoverynet.network.signup.NetworkAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# Confirming the e-mail in the browser that signed up signs the person in and lands on "Your things"
# (in another browser: the sign-in page, then "Your things"). Decision 0031.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "recoverynet.network.signup.SignupExtraForm"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "recoverynet: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
# Throttling failed sign-ins (accounts/adapters.py; allauth rate syntax, counted in the cache):
# - per account, wherever the attempts come from ("login_failed", key = the account);
# - per (client address, account) ("login_failed_ip_account"), so one attacker hammering one account
#   is stopped without touching anyone else's sign-in;
# - per client address only to stop password spraying across many accounts ("login_failed_ip").
#   A refused attempt counts against nothing, and a correct password for an account that has signed
#   in from this address before is never refused by this limit. See docs/decisions/0011.
ACCOUNT_RATE_LIMITS = {
    "login_failed": os.environ.get("RECOVERYNET_LOGIN_FAILED_LIMIT", "10/15m/key"),
    "login_failed_ip_account": os.environ.get(
        "RECOVERYNET_LOGIN_FAILED_IP_ACCOUNT_LIMIT", "5/5m/key"
    ),
    "login_failed_ip": os.environ.get("RECOVERYNET_LOGIN_FAILED_IP_LIMIT", "50/15m/ip"),
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
MFA_ADAPTER = "recoverynet.accounts.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "recoverynet"
MFA_RECOVERY_CODE_COUNT = 10

# --- E-mail ----------------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "recoverynet <no-reply@recoverynet.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks ------------------------------------------------------------------------------
# "immediate" runs tasks inside the request after commit (demo, tests); "database" queues them for
# `recoverynet db_worker` (production).
TASKS_MODE = os.environ.get("RECOVERYNET_TASKS", "immediate")
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if TASKS_MODE == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        ),
        # The named queues (core/queues.py); a task naming any other queue is refused.
        "QUEUES": ["mail", "webhooks", "documents", "retention", "default"],
    }
}
OUTBOX_MAX_ATTEMPTS = int(os.environ.get("RECOVERYNET_OUTBOX_MAX_ATTEMPTS", "8"))
# Webhooks: how long one delivery may take, and how long a rotated-out secret keeps signing.
WEBHOOKS_TIMEOUT_SECONDS = float(os.environ.get("RECOVERYNET_WEBHOOKS_TIMEOUT", "10"))
# A webhook endpoint is turned off after this many deliveries in a row failed (each after every
# try, over about 3 days) with none delivered between; its network's coordinators are told by e-mail.
WEBHOOKS_DISABLE_AFTER_FAILURES = int(
    os.environ.get("RECOVERYNET_WEBHOOKS_DISABLE_AFTER_FAILURES", "3")
)
WEBHOOKS_SECRET_OVERLAP_HOURS = int(
    os.environ.get("RECOVERYNET_WEBHOOKS_SECRET_OVERLAP_HOURS", "24")
)

# --- Internationalisation ----------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("RECOVERYNET_STATIC_ROOT", VAR_DIR / "static"))
MEDIA_ROOT = Path(os.environ.get("RECOVERYNET_MEDIA_ROOT", VAR_DIR / "media"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on every start without it
# Uploaded and stored files go through Django's storage API (core/files.py). Another backend, such as
# django-storages' S3Storage for an S3-compatible object store, is chosen here without code changes
# (docs/deployment.md, "Shared files"); its options are JSON, e.g. {"bucket_name": "recoverynet"}.
STORAGES = {
    "default": {
        "BACKEND": os.environ.get(
            "RECOVERYNET_FILE_STORAGE", "django.core.files.storage.FileSystemStorage"
        ),
        "OPTIONS": json.loads(os.environ.get("RECOVERYNET_FILE_STORAGE_OPTIONS", "{}")),
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- Security ----------------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", SITE_URL.startswith("https"))
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", SITE_URL.startswith("https"))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
if env_bool("DJANGO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies (load balancer, ingress) append to X-Forwarded-For in front of the app. The client
# address is read from that header only when this is above 0 (core/request_context.client_ip); allauth
# gets the same value so its own look-ups agree.
TRUSTED_PROXY_COUNT = int(
    os.environ.get(
        "DJANGO_TRUSTED_PROXY_COUNT", "1" if env_bool("DJANGO_BEHIND_PROXY", False) else "0"
    )
)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- recoverynet --------------------------------------------------------------------------------------
API_PAGE_SIZE = 50
API_TOKEN_PREFIX = "rn_"
# Small-number suppression (see shared/domain/frameworks.md): people counts below this are hidden.
SUPPRESS_PEOPLE_BELOW = int(os.environ.get("RECOVERYNET_SUPPRESS_PEOPLE_BELOW", "8"))
SUPPRESS_ORGANISATIONS_BELOW = int(os.environ.get("RECOVERYNET_SUPPRESS_ORGANISATIONS_BELOW", "5"))
# A debate round's result is shown only with at least this many votes (each debate may raise it).
DEBATE_SUPPRESS_VOTES_BELOW = int(os.environ.get("RECOVERYNET_DEBATE_SUPPRESS_VOTES_BELOW", "5"))
# The debate projector's Server-Sent Events (decision 0036): a stream holds a gunicorn thread, so it
# ends after this many seconds (the browser reconnects) and each process serves at most this many at
# once (the others keep polling with htmx). 0 streams turns Server-Sent Events off.
FEEDBACK_SSE_SECONDS = float(os.environ.get("RECOVERYNET_FEEDBACK_SSE_SECONDS", "30"))
FEEDBACK_SSE_STREAMS_PER_PROCESS = int(
    os.environ.get("RECOVERYNET_FEEDBACK_SSE_STREAMS_PER_PROCESS", "1")
)
# A new published snapshot of an aggregate (e.g. a benchmark) needs at least this many contributors
# added, removed or changed since the last one (decision 0009); never less than 2.
SNAPSHOT_MIN_CHANGE = int(
    os.environ.get("RECOVERYNET_SNAPSHOT_MIN_CHANGE", str(SUPPRESS_ORGANISATIONS_BELOW))
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("RECOVERYNET_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
CSRF_FAILURE_VIEW = "recoverynet.core.views.csrf_failure"
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Membership fees (billing) --------------------------------------------------------------------
# A membership whose fee invoice is still unpaid this many days after its due date lapses; its
# recovery leads are reminded this many days before that.
RECOVERYNET_MEMBERSHIP_LAPSE_AFTER_DAYS = int(
    os.environ.get("RECOVERYNET_MEMBERSHIP_LAPSE_AFTER_DAYS", "30")
)
RECOVERYNET_MEMBERSHIP_REMINDER_DAYS = int(
    os.environ.get("RECOVERYNET_MEMBERSHIP_REMINDER_DAYS", "14")
)
