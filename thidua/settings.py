"""The one settings module of thidua, driven by environment variables.

SQLite (WAL mode) is the default database; set DATABASE_URL for PostgreSQL.
"""

import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from thidua.lib.env import env_bool, env_int, env_list, env_str, stored_secret

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("THIDUA_DATA_DIR", str(BASE_DIR.parent / "var")))

INSECURE_SECRET_KEY = "insecure-development-key-change-me"
DEBUG = env_bool("DEBUG", False)
TESTING = env_bool("THIDUA_TESTING", "pytest" in sys.modules)
# Without SECRET_KEY in the environment, a random key is made once in the data directory (mode 600)
# and reused, so a fresh install runs every command — and the demo — with DEBUG off.
SECRET_KEY = env_str("SECRET_KEY") or (
    INSECURE_SECRET_KEY if TESTING else stored_secret(DATA_DIR / "secret_key")
)
if not DEBUG and not TESTING and SECRET_KEY == INSECURE_SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is the insecure default. Production mode (DEBUG=0) refuses it; "
        "set SECRET_KEY to a long random value, or leave it unset to use the key kept in the data directory."
    )
# The audit chain is keyed (HMAC-SHA256) with a secret kept outside the database, made once like
# SECRET_KEY; its head is appended to a write-once file beside it (audit/anchors.py). Tests use a fixed
# key and anchor only where a test names a file.
AUDIT_KEY = env_str("AUDIT_KEY") or (
    "thidua-test-audit-key" if TESTING else stored_secret(DATA_DIR / "audit_key")
)
AUDIT_ANCHOR_FILE = env_str("AUDIT_ANCHOR_FILE") or ("" if TESTING else str(DATA_DIR / "audit-anchors.log"))
AUDIT_ANCHOR_EVERY = env_int("AUDIT_ANCHOR_EVERY", 100)

# The machine itself is always allowed, so the demo and a fresh install answer on 127.0.0.1.
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "thidua.web",
    "thidua.units",
    "thidua.accounts",
    "thidua.people",
    "thidua.audit",
    "thidua.movements",
    "thidua.documents",
    "thidua.commendations",
    "thidua.examples",
    "thidua.surveys",
    "thidua.jobs",
    "thidua.files",
    "thidua.privacy",
    "thidua.statistics",
    "thidua.notifications",
    "thidua.signatures",
    "thidua.archive",
    "ninja",  # its templates and static files: the API's docs offline (Swagger UI)
    "thidua.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "thidua.web.middleware.LanguageMiddleware",
    "thidua.web.middleware.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "thidua.urls"
WSGI_APPLICATION = "thidua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "thidua.web.context.navigation",
            ],
            "builtins": ["thidua.web.templatetags.vn"],
        },
    }
]

DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(DATA_DIR / "thidua.sqlite3")),
            "OPTIONS": {
                # WAL lets readers work while one writer writes; IMMEDIATE takes the write
                # lock at BEGIN so two writers queue on the busy timeout instead of deadlocking.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                    # deleted rows (the sealed ballots after a count) are overwritten, not left in free pages
                    " PRAGMA secure_delete=ON;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            # A worker thread keeps its connection: opening one costs more than most pages' queries
            # (the PRAGMAs above run at every open).
            "CONN_MAX_AGE": env_int("DB_CONN_MAX_AGE", 60),
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling (django-axes): an account is locked after repeated failures from any address,
# and an address after AXES_ADDRESS_FAILURE_LIMIT across accounts (accounts/lockout.py); unlock with `thidua axes-reset-username`
# / `axes-reset-ip` or the admin's "Access attempts".
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_ADDRESS_FAILURE_LIMIT = env_int("AXES_ADDRESS_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "thidua.accounts.lockout.LockoutHandler"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# The address axes counts is the one the rate limits count (behind a proxy: the forwarded one).
AXES_CLIENT_IP_CALLABLE = "thidua.lib.clients.client_ip"

# Behind a reverse proxy (nginx) every request comes from the proxy's address: the client's is
# the right-most address of X-Forwarded-For not in TRUSTED_PROXIES (addresses or networks). Without
# BEHIND_PROXY the header is ignored, as anyone can send it.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", ["127.0.0.1", "::1"])

# Caches are shared by every worker process and every app server: the database's own table by
# default (made by the web app's migration, `createcachetable`), Redis when CACHE_URL is set
# (redis://host:6379/0). Tests keep theirs in memory.
CACHE_URL = env_str("CACHE_URL", "")
if TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
elif CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "thidua_cache"}
    }

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(DATA_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
# The largest file taken anywhere (evidence, photos, workbooks, documents to read): refused above
# it with a clear message (`thidua.files.content.check_size`). The text fields of a form may not
# weigh more than that either; a file above FILE_UPLOAD_MAX_MEMORY_SIZE waits on disk, not in memory.
THIDUA_MAX_UPLOAD_BYTES = env_int("THIDUA_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = min(5 * 1024 * 1024, THIDUA_MAX_UPLOAD_BYTES)
DATA_UPLOAD_MAX_MEMORY_SIZE = THIDUA_MAX_UPLOAD_BYTES
# Digital signatures (thidua/signatures): the RFC 3161 timestamp server that makes a signature PAdES
# B-T (empty: B-B, the signing time as the server's clock says), and the PKCS#11 modules (.so files
# of the USB tokens' drivers) an admin may name for a key — only these are ever loaded.
SIGNING_TIMESTAMP_URL = env_str("SIGNING_TIMESTAMP_URL", "")
SIGNING_PKCS11_MODULES = env_list("SIGNING_PKCS11_MODULES", [])
# Behind a web server, stored files are sent by it once the app has checked access: "nginx"
# (X-Accel-Redirect to THIDUA_SENDFILE_URL, an `internal` location aliased to MEDIA_ROOT) or
# "apache" (X-Sendfile with mod_xsendfile); empty: the app streams them itself.
THIDUA_SENDFILE = env_str("THIDUA_SENDFILE", "")
THIDUA_SENDFILE_URL = env_str("THIDUA_SENDFILE_URL", "/protected-files/")
# Reading an uploaded .xlsx/.docx/.txt (`thidua.lib.limits`): a zip's size once uncompressed, its
# entries and how much one entry may inflate; a workbook's rows, columns and cells; a text's lines;
# the seconds and megabytes the parsing of one file may take before it is stopped.
THIDUA_UPLOAD_MAX_UNCOMPRESSED_BYTES = env_int("THIDUA_UPLOAD_MAX_UNCOMPRESSED_BYTES", 50 * 1024 * 1024)
THIDUA_UPLOAD_MAX_ZIP_ENTRIES = env_int("THIDUA_UPLOAD_MAX_ZIP_ENTRIES", 2000)
THIDUA_UPLOAD_MAX_ZIP_RATIO = env_int("THIDUA_UPLOAD_MAX_ZIP_RATIO", 200)
THIDUA_SHEET_MAX_ROWS = env_int("THIDUA_SHEET_MAX_ROWS", 20_000)
THIDUA_SHEET_MAX_COLUMNS = env_int("THIDUA_SHEET_MAX_COLUMNS", 200)
THIDUA_SHEET_MAX_CELLS = env_int("THIDUA_SHEET_MAX_CELLS", 400_000)
THIDUA_TEXT_MAX_LINES = env_int("THIDUA_TEXT_MAX_LINES", 20_000)
THIDUA_PARSE_SECONDS = env_int("THIDUA_PARSE_SECONDS", 30)
THIDUA_PARSE_MEMORY_MB = env_int("THIDUA_PARSE_MEMORY_MB", 768)
# Scans, photos and old Word files (`thidua.documents.reader.files`): the pages OCR reads at most and
# the pages a PDF may have; the seconds one OCR page and one LibreOffice conversion may take, and
# the whole reading of such a file (in place of THIDUA_PARSE_SECONDS); the commands run.
THIDUA_OCR_MAX_PAGES = env_int("THIDUA_OCR_MAX_PAGES", 20)
THIDUA_PDF_MAX_PAGES = env_int("THIDUA_PDF_MAX_PAGES", 500)
THIDUA_OCR_PAGE_SECONDS = env_int("THIDUA_OCR_PAGE_SECONDS", 30)
THIDUA_OFFICE_SECONDS = env_int("THIDUA_OFFICE_SECONDS", 60)
THIDUA_SLOW_READ_SECONDS = env_int("THIDUA_SLOW_READ_SECONDS", 180)
THIDUA_TESSERACT = env_str("THIDUA_TESSERACT", "tesseract")
THIDUA_SOFFICE = env_str("THIDUA_SOFFICE", "soffice")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
# Uploaded files on shared storage, for several app servers: an S3-compatible bucket (MinIO, Ceph,
# a cloud's object storage) through django-storages — `pip install "thidua[s3]"` — when
# AWS_STORAGE_BUCKET_NAME is set; STORAGE_URL is the service's address (empty: Amazon S3 itself).
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = env_str("STORAGE_URL", "") or None
    AWS_ACCESS_KEY_ID = env_str("AWS_ACCESS_KEY_ID", "")
    AWS_SECRET_ACCESS_KEY = env_str("AWS_SECRET_ACCESS_KEY", "")
    AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME", "") or None
    AWS_LOCATION = env_str("AWS_LOCATION", "media")
    # private files: links are signed and expire; a stored file is never replaced by a new upload
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
    AWS_QUERYSTRING_EXPIRE = env_int("AWS_QUERYSTRING_EXPIRE", 300)
    AWS_S3_FILE_OVERWRITE = False

# Long work (certificates, large exports, reminders) runs in the task queue: jobs are rows of the
# database, run by `thidua worker`. Tests run them at once (immediate) unless a test needs the queue.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if TESTING or env_bool("TASKS_IMMEDIATE", False)
        else "django_tasks_db.DatabaseBackend"
    }
}
THIDUA_JOBS_DIR = Path(env_str("THIDUA_JOBS_DIR", str(DATA_DIR / "jobs")))
# A running job with no progress for this long belongs to a worker that died; `thidua cron` fails it.
THIDUA_JOB_STALE_MINUTES = env_int("THIDUA_JOB_STALE_MINUTES", 10)
# Finished jobs and their files are deleted by `thidua cron` after this many days.
THIDUA_JOB_KEEP_DAYS = env_int("THIDUA_JOB_KEEP_DAYS", 7)
# Above these sizes a download is prepared in the background instead of during the request.
THIDUA_JOB_CERTIFICATES = env_int("THIDUA_JOB_CERTIFICATES", 50)
THIDUA_JOB_ROWS = env_int("THIDUA_JOB_ROWS", 2000)

# Retention of personal data (thidua/privacy/kinds.py, README "Dữ liệu cá nhân"): days after which
# `thidua cron` erases each class, counted from local midnight; 0 keeps it (no purge).
RETENTION_OBJECTION_CONTACT_DAYS = env_int("RETENTION_OBJECTION_CONTACT_DAYS", 180)
RETENTION_EXAMPLE_REPORTER_DAYS = env_int("RETENTION_EXAMPLE_REPORTER_DAYS", 180)
RETENTION_CLIENT_KEY_DAYS = env_int("RETENTION_CLIENT_KEY_DAYS", 1)
RETENTION_LOGIN_ADDRESS_DAYS = env_int("RETENTION_LOGIN_ADDRESS_DAYS", 30)
RETENTION_EVIDENCE_UNAWARDED_DAYS = env_int("RETENTION_EVIDENCE_UNAWARDED_DAYS", 5 * 365)
RETENTION_EVIDENCE_AWARDED_DAYS = env_int("RETENTION_EVIDENCE_AWARDED_DAYS", 0)

# E-mail: through the SMTP server named by EMAIL_HOST (the province's or the provider's); without
# one, messages are printed to the log. TLS (STARTTLS, usually port 587) or SSL (port 465), not both.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if env_str("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on: set only one.")
# seconds before a silent SMTP server is given up on (a worker never hangs on it)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "thidua@localhost")
# The address people open thidua at, for the links in e-mails (the daily digest) sent with no request.
THIDUA_SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# the sender of the error reports sent to the administrators
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# HTTPS=1 is the production setting behind TLS (deploy/, README "Đưa vào sử dụng"): plain HTTP is
# redirected to HTTPS, browsers are told to use only HTTPS for a year (HSTS) and the session and
# CSRF cookies are sent only over HTTPS; `thidua check --deploy` is then clean. Each can be set alone.
HTTPS = env_bool("HTTPS", False)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", HTTPS or (not DEBUG and not TESTING))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
# the health check answers the local monitor over plain HTTP too
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600 if HTTPS else 0)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if SECURE_HSTS_SECONDS:
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
# The proxy says whether the browser spoke HTTPS to it (nginx: X-Forwarded-Proto $scheme).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
# Content-Security-Policy (django-csp): scripts, styles, images and fonts only from the site itself
# (htmx is served from static files; no inline script, no event handler attribute, no eval). Inline
# style attributes are allowed for the progress bars' widths; <style> elements are not.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Deploy checks that do not apply on an intranet served over plain HTTP behind the office router
# can be silenced explicitly, never by default.
SILENCED_SYSTEM_CHECKS = env_list("SILENCED_SYSTEM_CHECKS", [])

# Argon2id first (memory-hard, and half the CPU of PBKDF2's 1,000,000 rounds on a small server, where
# every login holds a worker); a password hashed earlier with PBKDF2 is re-hashed at its next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
