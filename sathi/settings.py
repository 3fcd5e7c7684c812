"""Sathi settings: one module, every value from the environment.

Typed helpers fail loudly. With debug off the app refuses to start without its secrets.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from sathi.lib.crypto import KeyFileError, load_keys_file
from sathi.requestlog import JSON_FORMATTER

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None or value == "":
        raise ImproperlyConfigured(f"Set the environment variable {name}.")
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 1/0, true/false, yes/no or on/off, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from exc


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("SATHI_DEBUG", False)

if DEBUG:
    # Development only: a fixed, obviously unsafe key so that `make run` needs no setup.
    SECRET_KEY = os.environ.get("SATHI_SECRET_KEY") or "dev-insecure-" + "x" * 50
else:
    SECRET_KEY = env_str("SATHI_SECRET_KEY")

# The master keys live outside the database (DESIGN rule 5). `make run` writes development keys to var/.
SATHI_KEYS_FILE = Path(
    os.environ.get("SATHI_KEYS_FILE") or (VAR_DIR / "dev-keys.json" if DEBUG else env_str("SATHI_KEYS_FILE"))
)


def refuse_unsafe_keys_file(path: Path) -> None:
    """With debug off nothing starts (no command, no server) on a missing, unreadable, malformed or
    loosely-permissioned keys file: refusing now beats failing on the first sealed field, or serving
    with master keys that other users of the machine can read."""
    try:
        mode = path.stat().st_mode & 0o777
    except OSError as exc:
        raise ImproperlyConfigured(
            f"the keys file {path} cannot be read ({exc.strerror}). "
            "Set SATHI_KEYS_FILE to the keys file (see docs/deploy.md)."
        ) from None
    if mode & 0o077:
        raise ImproperlyConfigured(
            f"the keys file {path} is readable or writable by other users "
            f"(mode {mode:04o}). Run: chmod 600 {path}"
        )
    try:
        load_keys_file(path)
    except (KeyFileError, OSError) as exc:
        raise ImproperlyConfigured(f"{exc}.") from None


if not DEBUG:
    refuse_unsafe_keys_file(SATHI_KEYS_FILE)

ALLOWED_HOSTS = env_list("SATHI_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("SATHI_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp_webauthn",  # passkeys as a second factor; its views are wrapped in sathi/accounts/passkeys.py
    "template_partials",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "sathi.accounts",
    "sathi.audit",
    "sathi.places",
    "sathi.people",
    "sathi.care",
    "sathi.legal",
    "sathi.screening",
    "sathi.relations",
    "sathi.violations",
    "sathi.questionnaires",
    "sathi.prevention",
    "sathi.evidence",
    "sathi.rights",
    "sathi.api",
    "sathi.demo",
]

MIDDLEWARE = [
    "sathi.requestlog.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files with hashed, compressed names, served before sessions and the database are touched.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "sathi.accounts.middleware.SessionLifetimeMiddleware",
    "sathi.accounts.middleware.ActiveMembershipMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "sathi.accounts.middleware.NoStoreMiddleware",
    "sathi.views.OwnNotFoundMiddleware",
]

ROOT_URLCONF = "sathi.urls"
WSGI_APPLICATION = "sathi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "sathi.core.templates.DjangoTemplates",
        "NAME": "django",
        "DIRS": [BASE_DIR / "sathi" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "sathi.accounts.context_processors.membership",
                "sathi.glossary.page_help",
            ],
            # Shared by every app's templates: months and dates in the reader's language; the icons; Django's
            # i18n and static with their fixed answers kept (see sathi.core.templates).
            "libraries": {
                "dates": "sathi.core.datetags",
                "icons": "sathi.core.icons",
                "i18n": "sathi.core.i18ntags",
                "static": "sathi.core.statictags",
            },
            "builtins": ["sathi.core.urltags"],  # {% url %} with each route's shape kept
        },
    }
]

# Persistent connections with a health check before reuse, rather than psycopg's pool: gunicorn's sync
# workers serve one request at a time, so one kept connection per process is already the pool, works the
# same on SQLite, and needs no extra package. Size PostgreSQL's max_connections for every web and worker
# process (or put PgBouncer in front). The development server opens a thread per request: nothing to keep.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("SATHI_DATABASE_URL") or f"sqlite:///{VAR_DIR / 'sathi.sqlite3'}",
        conn_max_age=env_int("SATHI_DB_CONN_MAX_AGE", 0 if DEBUG else 600),
        conn_health_checks=True,
        # Behind PgBouncer in transaction mode, each transaction may run on another server connection:
        # no server-side cursors and no prepared statements (sathi.core.prepared), as Django asks.
        disable_server_side_cursors=env_bool("SATHI_DB_TRANSACTION_POOLING", False),
    )
}
# Report and indicator pages read from a streaming replica when one is given (sathi/dbrouter.py).
if os.environ.get("SATHI_REPLICA_DATABASE_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["SATHI_REPLICA_DATABASE_URL"],
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
        disable_server_side_cursors=DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"],
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["sathi.dbrouter.ReplicaRouter"]
    MIDDLEWARE.append("sathi.dbrouter.ReplicaReportsMiddleware")
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.postgresql":
        # JIT compilation costs more than it saves on the short list queries of this application. A random
        # page read costs about what a sequential one does on SSDs and cached data (the default 4 is for
        # spinning disks): without this the planner hashes every open case of an organisation for a
        # supervisor's due list instead of looking up the few cases that have something due (bench/README.md).
        _database.setdefault("OPTIONS", {})["options"] = "-c jit=off -c random_page_cost=1.1"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process and the background worker read while the other writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "people:home"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions live in the database so that logout and quick exit kill them server-side and any number of
# app servers can share them.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SATHI_SESSION_IDLE_SECONDS = env_int("SATHI_SESSION_IDLE_SECONDS", 15 * 60)
SATHI_SESSION_MAX_SECONDS = env_int("SATHI_SESSION_MAX_SECONDS", 8 * 60 * 60)
SATHI_SUDO_SECONDS = env_int("SATHI_SUDO_SECONDS", 5 * 60)
SESSION_COOKIE_AGE = SATHI_SESSION_MAX_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SAMESITE = "Strict"
CSRF_COOKIE_SAMESITE = "Strict"
SESSION_COOKIE_HTTPONLY = True
# `__Host-` cookies must be Secure, which plain-HTTP development cannot carry; production always is.
SATHI_SECURE_COOKIES = env_bool("SATHI_SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SATHI_SECURE_COOKIES
SESSION_COOKIE_NAME = "__Host-sathi_session" if SATHI_SECURE_COOKIES else "sathi_session"
CSRF_FAILURE_VIEW = "sathi.views.csrf_failure"
CSRF_COOKIE_NAME = "__Host-sathi_csrf" if SATHI_SECURE_COOKIES else "sathi_csrf"
LANGUAGE_COOKIE_NAME = "__Host-sathi_lang" if SATHI_SECURE_COOKIES else "sathi_lang"
LANGUAGE_COOKIE_SECURE = SATHI_SECURE_COOKIES
LANGUAGE_COOKIE_SAMESITE = "Strict"
LANGUAGE_COOKIE_HTTPONLY = True

SECURE_SSL_REDIRECT = env_bool("SATHI_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP behind the TLS proxy
SECURE_HSTS_SECONDS = 0 if DEBUG else env_int("SATHI_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("SATHI_BEHIND_PROXY", False) else None
)
# same-origin, not no-referrer: with no-referrer Chromium sends "Origin: null" on form posts and CSRF
# protection must refuse them. Nothing leaves for another site either way.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# A strict policy: no inline script or style, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Accounts (sathi/accounts/lockout.py, docs/deploy.md). Login lockout: failures counted per address, per
# device cookie, and per username across every client without one (so the ceiling never locks her out).
SATHI_LOGIN_MAX_FAILURES = env_int("SATHI_LOGIN_MAX_FAILURES", 5)
SATHI_LOGIN_USERNAME_MAX_FAILURES = env_int("SATHI_LOGIN_USERNAME_MAX_FAILURES", 10)
SATHI_LOGIN_COOLOFF_SECONDS = env_int("SATHI_LOGIN_COOLOFF_SECONDS", 15 * 60)
# Proxies in front of the app that append to X-Forwarded-For (0: the client connects directly).
SATHI_TRUSTED_PROXIES = env_int("SATHI_TRUSTED_PROXIES", 0)
# Passkeys (WebAuthn) as a second factor after the password, never instead of it (sathi/accounts/passkeys.py).
# A passkey belongs to one site, its relying party ID: the host name the workers type (a domain, never an
# address). Changing it later makes every registered passkey useless (each worker adds hers again).
_NAMED_HOSTS = [h for h in ALLOWED_HOSTS if h[0] not in ".*[" and not h[0].isdigit()]
OTP_WEBAUTHN_RP_ID = os.environ.get("SATHI_WEBAUTHN_RP_ID") or (
    _NAMED_HOSTS[0] if _NAMED_HOSTS else "localhost"
)
OTP_WEBAUTHN_RP_NAME = os.environ.get("SATHI_WEBAUTHN_RP_NAME") or "Sathi"
# The exact origins the browser may sign from: https://<RP ID> by default, and in debug also
# http://localhost:8000 (`make run`; http://localhost is a secure context, and 127.0.0.1 is no RP ID).
_DEV_ORIGINS = ["http://localhost:8000"] if DEBUG and OTP_WEBAUTHN_RP_ID == "localhost" else []
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list(
    "SATHI_WEBAUTHN_ORIGINS", ",".join([f"https://{OTP_WEBAUTHN_RP_ID}", *_DEV_ORIGINS])
)
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
# Refusals are audited by Sathi; the plugin's stack traces would only fill the log.
OTP_WEBAUTHN_EXCEPTION_LOGGER_NAME = ""
# API tokens: the longest life a token can be given, and how long unused before it stops working.
SATHI_TOKEN_MAX_DAYS = env_int("SATHI_TOKEN_MAX_DAYS", 90)
SATHI_TOKEN_IDLE_DAYS = env_int("SATHI_TOKEN_IDLE_DAYS", 14)
SATHI_BREAK_GLASS_SECONDS = env_int("SATHI_BREAK_GLASS_SECONDS", 4 * 60 * 60)

# Audit: each organisation's chain is split into shards so that concurrent writers take a free one
# (PostgreSQL; SQLite has one writer and uses one). Signed checkpoints of every chain head are appended to a
# file outside the database and to the log; ship either elsewhere (docs/deploy.md). At least as many shards as
# the database connections that may write at once (web workers x threads + job workers), so no writer waits.
SATHI_AUDIT_SHARDS = env_int("SATHI_AUDIT_SHARDS", 64)
SATHI_AUDIT_CHECKPOINT_FILE = Path(
    os.environ.get("SATHI_AUDIT_CHECKPOINT_FILE") or VAR_DIR / "audit-checkpoints.jsonl"
)
# Also queue a checkpoint each time a shard's chain grows by this many events (0: only the periodic job).
SATHI_AUDIT_CHECKPOINT_EVERY = env_int("SATHI_AUDIT_CHECKPOINT_EVERY", 0)

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("bn", _("Bengali")), ("hi", _("Hindi"))]
LOCALE_PATHS = [BASE_DIR / "sathi" / "locale"]
FORMAT_MODULE_PATH = ["sathi.formats"]  # English dates as written in India (day first)
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("SATHI_TIME_ZONE", "Asia/Kolkata")

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "sathi" / "static"]
# `manage.py collectstatic` writes here (git-ignored); whitenoise serves it with hashed, compressed names.
STATIC_ROOT = Path(os.environ.get("SATHI_STATIC_ROOT") or VAR_DIR / "static")

DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("SATHI_MAX_REQUEST_BYTES", 2 * 1024 * 1024)
SATHI_MAX_UPLOAD_BYTES = env_int("SATHI_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
# Pixels an uploaded image may have, read from its header before it is decoded. Rebuilding it holds about
# three copies of 4 bytes a pixel, so 16,000,000 pixels (a 12-16 megapixel phone photo) peaks near 200 MB.
# A larger JPEG is decoded at 1/2, 1/4 or 1/8 of its size to fit; a larger PNG is refused.
SATHI_MAX_UPLOAD_PIXELS = env_int("SATHI_MAX_UPLOAD_PIXELS", 16_000_000)
FILE_UPLOAD_HANDLERS = ["sathi.core.uploads.MemoryOnlyUploadHandler"]  # never written unsealed to disk
# Files are stored sealed (AES-GCM, her own key) under names that say nothing. On several app servers,
# point this at an S3-compatible store (django-storages) instead of the local folder.
MEDIA_ROOT = Path(os.environ.get("SATHI_MEDIA_ROOT") or VAR_DIR / "sealed-files")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed names need collectstatic first; development serves the source files as they are.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Background jobs: in the database by default (one machine, nothing more to run), or on Redis through RQ
# when several workers on several machines share the work (docs/deploy.md says when).
TASK_BACKENDS = {"db": "django_tasks_db.DatabaseBackend", "rq": "django_tasks_rq.RQBackend"}
SATHI_TASKS_BACKEND = os.environ.get("SATHI_TASKS_BACKEND") or "db"
if SATHI_TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(f"SATHI_TASKS_BACKEND must be db or rq, not {SATHI_TASKS_BACKEND!r}.")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[SATHI_TASKS_BACKEND], "QUEUES": ["default"]}}
SATHI_REDIS_URL = os.environ.get("SATHI_REDIS_URL") or "redis://127.0.0.1:6379/0"
RQ_QUEUES = {"default": {"URL": SATHI_REDIS_URL, "DEFAULT_TIMEOUT": 30 * 60}}
if SATHI_TASKS_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq"]  # its `rqworker` command

NINJA_PAGINATION_PER_PAGE = 50

# JSON lines on standard error, nothing personal: each request is logged once by its route pattern
# (`people/<str:code>/`), never its query string, body or client address (sathi/requestlog.py); Django's
# error emails are off, and 4xx responses carry no detail beyond the status.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": JSON_FORMATTER},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "sathi": {
            "handlers": ["console"],
            "level": os.environ.get("SATHI_LOG_LEVEL", "INFO"),
            "propagate": False,
        },
    },
}
ADMINS: list = []

# DHIS2 (sathi.evidence.dhis2): where a dry-run push of a catalogue table goes, and a personal access token.
# Unset: no push is offered; the dataValueSets JSON can still be downloaded.
SATHI_DHIS2_URL = os.environ.get("SATHI_DHIS2_URL", "")
SATHI_DHIS2_TOKEN = os.environ.get("SATHI_DHIS2_TOKEN", "")
