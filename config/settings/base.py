"""Settings shared by every environment; every knob comes from the environment (django-environ).

The defaults make `runserver` work with zero set-up: SQLite file, tasks run eagerly in-process,
console email. Production overrides live in `production.py`, test tweaks in `test.py`.
"""

from __future__ import annotations

from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=True)
# Development-only default; production.py requires SECRET_KEY from the environment.
SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-dev-only-masp-portal-never-in-prod")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "accounts",
    "config.admin.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "widget_tweaks",
    "dsfr",
    "simple_history",
    # Domain apps, in dependency order (a later app may import an earlier one, never the reverse).
    "territories",
    "masp",
    "funding",
    "partners",
    "reporting",
    "workspace",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Secure by default: every view needs a login unless decorated with @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.RequireMfaMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "config.context_processors.portal",
            ],
            # Shared tags ({% load portal %}): common is a library, not an installed app.
            "libraries": {"portal": "common.templatetags.portal"},
        },
    }
]
# django-dsfr renders form widgets from its own templates.
FORM_RENDERER = "common.forms.DsfrRenderer"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions avoid "database is locked" upgrades when two requests write.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "accounts.backends.MembershipBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "masp:home"
LOGOUT_REDIRECT_URL = "masp:home"

# django-allauth: email login, no open sign-up (accounts come by invitation).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
# An address counts once verified (issue 21): at login, and for a change of address, which
# stays pending until the link sent to the new address is opened (ACCOUNT_CHANGE_EMAIL);
# changing it asks for the password again.
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_RATE_LIMITS = {"login_failed": "10/5m/ip,5/5m/key"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Portail MASP"
# Sessions end after two hours of inactivity (see the hardening block below).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=2 * 60 * 60)

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("Anglais"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Private files (signed documents, generated reports) never live under a served path.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "private")))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="MASP <no-reply@masp.example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://masp")}

# Celery: without a broker the tasks run eagerly in-process (embedded default).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    # Monday morning: each region's ARS agents get the conventions missing or expiring.
    "partners-weekly-digest": {
        "task": "partners.tasks.send_weekly_digests",
        "schedule": crontab(day_of_week="mon", hour=7, minute=0),
    },
    # Recovers report requests whose message was lost or whose worker died.
    "sweep-reports": {"task": "reporting.pdf.tasks.sweep_reports", "schedule": 5 * 60},
    # The same for large exports built by a worker.
    "sweep-exports": {"task": "reporting.exports.tasks.sweep_exports", "schedule": 5 * 60},
    # The ARS six-monthly review, for the semester that just ended.
    "semester-reports": {
        "task": "reporting.pdf.tasks.request_semester_reports",
        "schedule": crontab(minute=0, hour=6, day_of_month=2, month_of_year="1,7"),
    },
}
# Activity reports: reminders to coordinators (opening, midpoint, eve) and overdue digests to ARS.
CELERY_BEAT_SCHEDULE["masp-report-reminders"] = {
    "task": "masp.activity.tasks.send_campaign_reminders",
    "schedule": crontab(hour=7, minute=0),
}
CELERY_BEAT_SCHEDULE["purge-exports"] = {
    "task": "reporting.exports.tasks.purge_exports",
    "schedule": crontab(hour=3, minute=15),
}
CELERY_BEAT_SCHEDULE["purge-account-records"] = {
    "task": "accounts.tasks.purge_account_records",
    "schedule": crontab(hour=3, minute=30),
}
CELERY_BEAT_SCHEDULE["masp-overdue-digests"] = {
    "task": "masp.activity.tasks.send_overdue_digests",
    "schedule": crontab(hour=7, minute=30),
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: an anonymous API call then gets 401 with WWW-Authenticate.
        "accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "common.api.filters.ExplicitOrderingFilter",
    ],
    # Token users (scripts) are throttled, at MASP_API_TOKEN_RATE; sessions are not.
    "DEFAULT_THROTTLE_CLASSES": ["accounts.api.throttling.TokenUserRateThrottle"],
    "EXCEPTION_HANDLER": "common.api.exceptions.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API du portail MASP",
    "DESCRIPTION": (
        "Données de l'expérimentation des maisons d'accompagnement et de soins palliatifs."
    ),
    "VERSION": "1.0.0",
    # Swagger UI and ReDoc served from our own static files (no CDN: strict CSP, no internet).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "COMPONENT_SPLIT_REQUEST": True,
    # Several resources have a "status": name each set of choices once.
    "ENUM_NAME_OVERRIDES": {
        "SiteStatusEnum": "masp.sites.enums.SiteStatus",
        "ComplianceStatusEnum": "masp.staffing.enums.ComplianceStatus",
        "ConventionStatusEnum": "partners.enums.ConventionStatus",
        "ReportStatusEnum": "masp.activity.enums.ReportStatus",
        "PdfReportStatusEnum": "reporting.enums.JobStatus",
        "PdfReportKindEnum": "reporting.enums.ReportKind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint and fontTools narrate every layout step at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Portal settings.
MASP_ENFORCE_MFA = env.bool("MASP_ENFORCE_MFA", default=False)
MASP_DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="masp-demo-2026")
# The benchmarks' floor page (`_floor/`): mounted only when bench/run.py asks for it.
MASP_BENCH_FLOOR = env.bool("MASP_BENCH_FLOOR", default=False)
MASP_SITE_TITLE = "Portail MASP"
# Absolute address of the portal, for links in emails sent by workers (no request at hand).
MASP_SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# PDF reports: attempts per request, time limits of one rendering (seconds), and how long a
# request may stay pending before the sweeper assumes its message was lost.
MASP_REPORT_MAX_ATTEMPTS = env.int("REPORT_MAX_ATTEMPTS", default=3)
MASP_REPORT_SOFT_TIME_LIMIT = env.int("REPORT_SOFT_TIME_LIMIT", default=120)
MASP_REPORT_TIME_LIMIT = env.int("REPORT_TIME_LIMIT", default=180)
MASP_REPORT_PENDING_GRACE = env.int("REPORT_PENDING_GRACE", default=5 * 60)
# API: requests allowed per API token user ("N/second|minute|hour|day"; empty: unlimited).
MASP_API_TOKEN_RATE = env.str("API_TOKEN_RATE", default="5000/hour")
# Exports: above this many rows an XLSX is built by a worker (202 + status URL) rather than in
# the request; the time limits of one build (seconds).
MASP_EXPORT_XLSX_SYNC_MAX_ROWS = env.int("EXPORT_XLSX_SYNC_MAX_ROWS", default=50_000)
MASP_EXPORT_SOFT_TIME_LIMIT = env.int("EXPORT_SOFT_TIME_LIMIT", default=20 * 60)
MASP_EXPORT_TIME_LIMIT = env.int("EXPORT_TIME_LIMIT", default=25 * 60)
# A built export (and its file) is kept this many days after it finished, then purged: it can
# always be asked for again, and a copy of national data should not linger on the server.
MASP_EXPORT_RETENTION_DAYS = env.int("EXPORT_RETENTION_DAYS", default=7)
# The security log is kept this many days, then purged every night (accounts.tasks): the CNIL
# recommends between six months and a year for access logs (recommandation relative aux mesures
# de journalisation, 14 octobre 2021). Expired sessions are removed by the same task.
MASP_SECURITY_LOG_DAYS = env.int("SECURITY_LOG_DAYS", default=365)
MASP_SITE_TAGLINE = _("Expérimentation des maisons d'accompagnement et de soins palliatifs")
# Partners: the warning window before a convention expires (documents: MASP_MAX_UPLOAD_BYTES).
PARTNERS_EXPIRY_WARNING_DAYS = env.int("PARTNERS_EXPIRY_WARNING_DAYS", default=90)

# --- Hardening (issue 12): CSP, security headers, session inactivity, uploads ----------------
# Kept in one block so that other branches appending to this file do not conflict with it.
from csp.constants import NONCE, NONE, SELF  # noqa: E402

INSTALLED_APPS += ["csp"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "csp.middleware.CSPMiddleware",
)
# Right after authentication: it reads the session that middleware has already loaded.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "accounts.middleware.SessionActivityMiddleware",
)
# No inline script (nonces only) and no inline style: the DSFR templates the portal renders
# need none (the only `style=` in django-dsfr is the operator logo width, which is not set),
# and DSFR's JavaScript styles elements through the CSSOM, which CSP does not restrict.
# `data:` images: the DSFR stylesheet draws icons as data: SVGs, and the MFA QR code is one.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Sessions end after SESSION_COOKIE_AGE of inactivity: SessionActivityMiddleware pushes the
# expiry forward at most once per MASP_SESSION_REFRESH_SECONDS (not on every request, which
# SESSION_SAVE_EVERY_REQUEST would do at the cost of one write per request).
MASP_SESSION_REFRESH_SECONDS = env.int("MASP_SESSION_REFRESH_SECONDS", default=5 * 60)
# Uploaded documents (common/uploads.py): PDF only, at most this many bytes.
MASP_MAX_UPLOAD_BYTES = env.int("MASP_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
# --- end of hardening block -------------------------------------------------------------------

# --- Identity federations (issue 27): ProConnect and Pro Santé Connect -----------------------
# Through allauth's OpenID Connect provider, one app each, present only when configured
# (docs/access.md, « Fédérations d'identité »). The provider class handles what these
# federations do beyond the textbook: signed userinfo, nonce, acr/amr, end-session.
import json as _json  # noqa: E402
from typing import cast as _cast  # noqa: E402
from urllib.parse import urlsplit as _urlsplit  # noqa: E402

INSTALLED_APPS += ["allauth.socialaccount", "allauth.socialaccount.providers.openid_connect"]
SOCIALACCOUNT_ADAPTER = "accounts.federation.adapter.FederationAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
# ProConnect's acr values of a second factor (eIDAS substantial and high, its "2fa" levels).
PROCONNECT_MFA_ACR_VALUES = [
    "eidas2",
    "eidas3",
    "https://proconnect.gouv.fr/assurance/self-asserted-2fa",
    "https://proconnect.gouv.fr/assurance/consistency-checked-2fa",
]


def federation_apps(environ: environ.Env) -> list[dict]:
    """The configured federations (an app needs its three variables)."""
    apps = []
    if environ.str("PROCONNECT_SERVER_URL", default=""):
        apps.append(
            {
                "provider_id": "proconnect",
                "name": "ProConnect",
                "client_id": environ.str("PROCONNECT_CLIENT_ID"),
                "secret": environ.str("PROCONNECT_CLIENT_SECRET"),
                "settings": {
                    "server_url": environ.str("PROCONNECT_SERVER_URL"),
                    # ProConnect refuses any parameter it does not list (code_challenge too).
                    "oauth_pkce_enabled": False,
                    "token_auth_method": "client_secret_post",
                    "scope": ["openid", "email", "given_name", "usual_name", "siret", "idp_id"],
                    "auth_params": {
                        "acr_values": "eidas1",
                        "claims": _json.dumps({"id_token": {"amr": {"essential": True}}}),
                    },
                    # The agents' professional addresses, verified by their identity provider.
                    "trusted_email": True,
                    "mfa_acr_values": PROCONNECT_MFA_ACR_VALUES,
                },
            }
        )
    if environ.str("PSC_SERVER_URL", default=""):
        apps.append(
            {
                "provider_id": "psc",
                "name": "Pro Santé Connect",
                "client_id": environ.str("PSC_CLIENT_ID"),
                "secret": environ.str("PSC_CLIENT_SECRET"),
                "settings": {
                    "server_url": environ.str("PSC_SERVER_URL"),
                    "oauth_pkce_enabled": True,
                    "token_auth_method": "client_secret_basic",
                    "scope": ["openid", "scope_all"],
                    # amr (how the person authenticated) through the standard claims request.
                    "auth_params": {
                        "acr_values": "eidas1",
                        "claims": _json.dumps({"id_token": {"amr": {"essential": True}}}),
                    },
                    "trusted_email": False,
                    "mfa_acr_values": [],
                },
            }
        )
    return apps


def federation_origins(apps: list[dict]) -> list[str]:
    """Where the login and logout forms may lead (CSP form-action follows redirects): each
    federation's origin, and FEDERATION_FORM_ORIGINS for an authorization endpoint elsewhere."""
    origins = {
        "{0.scheme}://{0.netloc}".format(_urlsplit(app["settings"]["server_url"])) for app in apps
    }
    return sorted(origins | set(env.list("FEDERATION_FORM_ORIGINS", default=[])))


FEDERATION_APPS = federation_apps(env)
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "provider_class": "accounts.federation.provider.FederationProvider",
        "APPS": FEDERATION_APPS,
    }
}
CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] = [
    *_cast("list[str]", CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"]),
    *federation_origins(FEDERATION_APPS),
]
# --- end of identity federations block -------------------------------------------------------

# --- Public pages and error pages (issue 24) -------------------------------------------------
# What the mentions légales and the personal-data page name; a deployment sets its own.
MASP_PUBLISHER = env.str(
    "PUBLISHER", default="Ministère chargé de la santé, direction générale de l'offre de soins"
)
MASP_PUBLISHER_ADDRESS = env.str(
    "PUBLISHER_ADDRESS", default="14 avenue Duquesne, 75350 Paris SP 07"
)
MASP_PUBLICATION_DIRECTOR = env.str(
    "PUBLICATION_DIRECTOR",
    default="la directrice générale ou le directeur général de l'offre de soins",
)
# Name and address of the host; empty: the page says the deployment has not given it.
MASP_HOSTING = env.str("HOSTING", default="")
MASP_CONTACT_EMAIL = env.str("CONTACT_EMAIL", default="contact-masp@example.org")
# A refused CSRF check gets the portal's French page, not Django's English one.
CSRF_FAILURE_VIEW = "workspace.public.errors.csrf_failure"
# --- end of public pages block ---------------------------------------------------------------
