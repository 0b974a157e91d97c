"""Django settings for Innocence Files, read from the environment.

See README.md, "Configuration", for every variable.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Any

import dj_database_url

from .environment import (
    default_data_dir,
    get_bool,
    get_float,
    get_int,
    get_list,
    get_path,
    get_str,
    secret_key_from,
)

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = get_path("INNOCENCE_DATA_DIR", default_data_dir())
DATA_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = secret_key_from(DATA_DIR)
DEBUG = get_bool("INNOCENCE_DEBUG", False)
DEMO_MODE = get_bool("INNOCENCE_DEMO", False)
ALLOWED_HOSTS = get_list("INNOCENCE_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = get_list("INNOCENCE_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "innocence.core",
    "innocence.sso",
    "innocence.cases",
    "innocence.people",
    "innocence.documents",
    "innocence.search",
    "innocence.intake",
    "innocence.findings",
    "innocence.witnesses",
    "innocence.evidence",
    "innocence.prosecution",
    "innocence.timeline",
    "innocence.reports",
    "innocence.partners",
    "innocence.network",
    "innocence.jobs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "innocence.core.middleware.RequestContextMiddleware",
    "innocence.core.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "innocence.urls"
WSGI_APPLICATION = "innocence.wsgi.application"

# django-ninja's templates and static files (the API docs' Swagger UI, served from our static
# files: no CDN, our CSP allows it), found without importing ninja: as an installed app it was
# imported by every command at start-up (pydantic with it, a quarter of `innocence documents`'s
# CPU); the web app imports it with its URL conf.
_NINJA_SPEC = importlib.util.find_spec("ninja")
NINJA_DIR = Path(next(iter(_NINJA_SPEC.submodule_search_locations or []))) if _NINJA_SPEC else None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates", *([NINJA_DIR / "templates"] if NINJA_DIR else [])],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "innocence.core.context_processors.organization",
            ],
        },
    },
]

# --- database ---------------------------------------------------------------
_database_url = get_str("DATABASE_URL")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "innocence.sqlite3"),
            "OPTIONS": {
                # One writer at a time without "database is locked": take the write
                # lock when the transaction starts, and wait for it.
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- authentication and security --------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "cases:dashboard"
LOGOUT_REDIRECT_URL = "core:login"

AXES_ENABLED = get_bool("INNOCENCE_LOGIN_THROTTLING", True)
AXES_FAILURE_LIMIT = get_int("INNOCENCE_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
#: Password-reset links mailed per hour: (per e-mail address, per connection). Off when unset.
INNOCENCE_PASSWORD_RESET_LIMITS = (
    get_int("INNOCENCE_PASSWORD_RESET_PER_ADDRESS", 5),
    get_int("INNOCENCE_PASSWORD_RESET_PER_IP", 20),
)
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_VERBOSE = False

BEHIND_TLS = get_bool("INNOCENCE_BEHIND_TLS", False)
SESSION_COOKIE_SECURE = BEHIND_TLS
CSRF_COOKIE_SECURE = BEHIND_TLS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = get_int("INNOCENCE_SESSION_SECONDS", 8 * 3600)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if BEHIND_TLS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = get_bool("INNOCENCE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = get_int("INNOCENCE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

OTP_TOTP_ISSUER = "Innocence Files"

# --- e-mail (invitations, password reset links, deadline reminders) ---------------------
# With no SMTP host configured, mail is printed on the server's console (the demo).
EMAIL_HOST = get_str("INNOCENCE_EMAIL_HOST")
EMAIL_BACKEND = get_str(
    "INNOCENCE_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = get_int("INNOCENCE_EMAIL_PORT", 587)
EMAIL_HOST_USER = get_str("INNOCENCE_EMAIL_USER")
EMAIL_HOST_PASSWORD = get_str("INNOCENCE_EMAIL_PASSWORD")
EMAIL_USE_TLS = get_bool("INNOCENCE_EMAIL_TLS", True)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = get_str("INNOCENCE_EMAIL_FROM", "Innocence Files <no-reply@localhost>")
PASSWORD_RESET_TIMEOUT = get_int("INNOCENCE_PASSWORD_RESET_SECONDS", 24 * 3600)

# --- files ------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [PACKAGE_DIR / "static", *([NINJA_DIR / "static"] if NINJA_DIR else [])]
MEDIA_ROOT = DATA_DIR / "files"
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# S3-compatible object storage for originals and derived files (django-storages), when set.
#: With object storage, each machine keeps the originals its jobs read in a local cache (the
#: OCR jobs of one scan then download it once): where ("" is the system temporary directory's
#: innocence-originals-cache) and how large, least recently used first out; 0 turns it off.
INNOCENCE_ORIGINALS_CACHE_DIR = get_str("INNOCENCE_ORIGINALS_CACHE_DIR")
INNOCENCE_ORIGINALS_CACHE_MB = get_int("INNOCENCE_ORIGINALS_CACHE_MB", 2048)
S3_BUCKET = get_str("INNOCENCE_S3_BUCKET")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": get_str("INNOCENCE_S3_ENDPOINT_URL") or None,
            "region_name": get_str("INNOCENCE_S3_REGION") or None,
            "access_key": get_str("INNOCENCE_S3_ACCESS_KEY_ID") or None,
            "secret_key": get_str("INNOCENCE_S3_SECRET_ACCESS_KEY") or None,
            "location": get_str("INNOCENCE_S3_PREFIX"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
WHITENOISE_USE_FINDERS = True
MAX_UPLOAD_BYTES = get_int("INNOCENCE_MAX_UPLOAD_MB", 512) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LANGUAGE_CODE = "en-us"
TIME_ZONE = get_str("INNOCENCE_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": get_str("INNOCENCE_LOG_LEVEL", "WARNING")},
}

NINJA_PAGINATION_PER_PAGE = 50

# --- background jobs and documents -------------------------------------------
INNOCENCE_QUEUE = get_str("INNOCENCE_QUEUE", "db")  # "db" (embedded) or "rq" (Redis)
REDIS_URL = get_str("REDIS_URL")
INNOCENCE_JOB_LEASE_SECONDS = get_int("INNOCENCE_JOB_LEASE_SECONDS", 60)
#: Per-job limits (innocence/jobs/limits.py): seconds before a job without its own
#: time_limit is stopped, and how much more address space (MB) a job may take; 0 is no limit.
INNOCENCE_JOB_TIME_LIMIT_SECONDS = get_int("INNOCENCE_JOB_TIME_LIMIT_SECONDS", 3600)
INNOCENCE_JOB_MEMORY_LIMIT_MB = get_int("INNOCENCE_JOB_MEMORY_LIMIT_MB", 4096)
#: Redis queue only: seconds before each retry of a failed job, comma-separated (the last
#: repeats); the database queue backs off 2, 4, 8 ... 60 s.
INNOCENCE_RQ_RETRY_SECONDS = get_list("INNOCENCE_RQ_RETRY_SECONDS", ["5", "30", "120"])
INNOCENCE_OCR_LANGUAGES = get_str("INNOCENCE_OCR_LANGUAGES", "eng")
INNOCENCE_OCR_PAGES_PER_JOB = get_int("INNOCENCE_OCR_PAGES_PER_JOB", 4)
#: Which OCR engine reads a page: "hybrid" (Tesseract first; RapidOCR, with the models its
#: wheel ships, for a page Tesseract reads with low confidence), "tesseract" or "rapidocr".
#: Hybrid was best on every measure of eval/eval_ocr.py; see innocence/documents/ingestors/ocr.py.
INNOCENCE_OCR_ENGINE = get_str("INNOCENCE_OCR_ENGINE", "hybrid")
#: Hybrid routing: a page whose mean Tesseract word confidence (0-100) is below this is read
#: again by RapidOCR (clean modern pages score 85-95, old scans 45-76). 85 was tuned on the
#: tuning pages of eval/ocr_split.json only; RapidOCR costs ~3.5x the CPU of Tesseract.
INNOCENCE_OCR_HYBRID_THRESHOLD = get_float("INNOCENCE_OCR_HYBRID_THRESHOLD", 85.0)
#: Search marks hits on pages OCR'd below this mean confidence (words may be missed there)
#: and says how many such pages the searched scope holds.
INNOCENCE_OCR_LOW_CONFIDENCE = get_float("INNOCENCE_OCR_LOW_CONFIDENCE", 70.0)
# Limits on what a file may unpack to (images: pixels; zip archives: nesting, members, size).
INNOCENCE_MAX_IMAGE_PIXELS = get_int("INNOCENCE_MAX_IMAGE_PIXELS", 200_000_000)
INNOCENCE_ZIP_MAX_DEPTH = get_int("INNOCENCE_ZIP_MAX_DEPTH", 3)
INNOCENCE_ZIP_MAX_ENTRIES = get_int("INNOCENCE_ZIP_MAX_ENTRIES", 10_000)
INNOCENCE_ZIP_MAX_RATIO = get_int("INNOCENCE_ZIP_MAX_RATIO", 100)
INNOCENCE_ZIP_MAX_TOTAL_MB = get_int("INNOCENCE_ZIP_MAX_TOTAL_MB", 4096)
#: Which page-text consumers (declared in each app's extensions.py) run, by name: unset
#: means all of them; "" none; e.g. "search.index". Unknown names are an error.
_consumers = os.environ.get("INNOCENCE_PAGE_TEXT_CONSUMERS")
INNOCENCE_PAGE_TEXT_CONSUMERS: list[str] | None = (
    None if _consumers is None else [n.strip() for n in _consumers.split(",") if n.strip()]
)

# --- search -------------------------------------------------------------------
#: "" picks sqlite_fts5 on SQLite and postgres on PostgreSQL; "tantivy" uses an index in
#: INNOCENCE_SEARCH_INDEX_DIR (default DATA_DIR/search-index). See innocence/search/backends.
INNOCENCE_SEARCH_BACKEND = get_str("INNOCENCE_SEARCH_BACKEND", "")
INNOCENCE_SEARCH_INDEX_DIR = get_str("INNOCENCE_SEARCH_INDEX_DIR", "")
#: Above this many matching pages the SQL backends list hits newest first instead of ranking.
INNOCENCE_SEARCH_RANK_LIMIT = get_int("INNOCENCE_SEARCH_RANK_LIMIT", 20000)

# A cache shared by every process of the installation (rate limits of the public intake
# form, for one): files in the data directory by default, Redis when REDIS_URL is set.
_cache_redis = get_str("INNOCENCE_CACHE_REDIS_URL") or get_str("REDIS_URL")
CACHES: dict[str, dict[str, Any]] = (
    {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_redis}}
    if _cache_redis
    else {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
        }
    }
)

