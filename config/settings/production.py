"""Production settings: secrets and hosts from the environment, HTTPS everywhere; the process
refuses to start on a development default (weak key, per-process cache, console email)."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from config.observability import init_sentry
from config.settings.base import *  # noqa: F403
from config.settings.base import (
    BASE_DIR,
    DATABASES,
    INSTALLED_APPS,
    LOGGING,
    MIDDLEWARE,
    SPECTACULAR_SETTINGS,
    STORAGES,
    env,
)

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY")  # no default: fail loudly when it is missing
# Key rotation (docs/operations.md): the previous key keeps sessions and reset links valid.
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
# Read here, without the development defaults of base.py: both must be set for production.
CACHES = {"default": env.cache("CACHE_URL")}
EMAIL_CONFIG = env.email_url("EMAIL_URL")
vars().update(EMAIL_CONFIG)

# Rate limits (login attempts, API tokens) and cache versions must be shared by every worker.
SHARED_CACHES = {
    "django.core.cache.backends.redis.RedisCache",
    "django_redis.cache.RedisCache",
    "django.core.cache.backends.memcached.PyMemcacheCache",
    "django.core.cache.backends.memcached.PyLibMCCache",
}
# These would print invitation and reset links to the logs, keep them in memory or drop them.
UNSENT_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE = 10  # a hex key has 16; "aaaa…" or "0101…" have fewer


def weak_secret(key: str) -> str | None:
    """Why `key` cannot sign production sessions, or None."""
    if key.startswith("django-insecure") or "dev-only" in key:
        return "c'est la valeur de développement"
    if len(key) < SECRET_KEY_MIN_LENGTH:
        return f"{len(key)} caractères, il en faut au moins {SECRET_KEY_MIN_LENGTH}"
    if len(set(key)) < SECRET_KEY_MIN_UNIQUE:
        return f"{len(set(key))} caractères distincts, il en faut au moins {SECRET_KEY_MIN_UNIQUE}"
    return None


def refuse_development_defaults(
    *, secret_keys: dict[str, str], cache_backend: str, email_backend: str
) -> None:
    problems = [
        f"{name} trop faible ({reason}) : générez-la, par exemple avec "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        for name, key in secret_keys.items()
        if (reason := weak_secret(key))
    ]
    if cache_backend not in SHARED_CACHES:
        problems.append(
            f"CACHE_URL désigne un cache propre à chaque processus ({cache_backend}) : "
            "les limites de tentatives compteraient par worker. Utilisez Redis "
            "(CACHE_URL=redis://hôte:6379/1)."
        )
    if email_backend in UNSENT_EMAIL_BACKENDS:
        problems.append(
            f"EMAIL_URL n'envoie pas les courriels ({email_backend}) : les liens d'invitation "
            "finiraient dans les journaux. Utilisez un serveur SMTP (EMAIL_URL=smtp+tls://…)."
        )
    if problems:
        raise ImproperlyConfigured("Réglages de production refusés :\n- " + "\n- ".join(problems))


refuse_development_defaults(
    secret_keys={
        "SECRET_KEY": SECRET_KEY,
        **{f"SECRET_KEY_FALLBACKS[{i}]": key for i, key in enumerate(SECRET_KEY_FALLBACKS)},
    },
    cache_backend=CACHES["default"]["BACKEND"],
    email_backend=EMAIL_CONFIG["EMAIL_BACKEND"],
)

# The schema maps every endpoint and field: readable once logged in (or with a token) only.
SPECTACULAR_SETTINGS = {
    **SPECTACULAR_SETTINGS,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
}

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# The container health probe speaks plain HTTP from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
# No script reads the CSRF cookie: forms carry the token; DRF's browsable API reads the page.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MASP_ENFORCE_MFA = env.bool("MASP_ENFORCE_MFA", default=True)

# Celery beat's record of the last runs (the compose `beat` service; a volume in Docker).
CELERY_BEAT_SCHEDULE_FILENAME = env.str(
    "CELERY_BEAT_SCHEDULE_FILENAME", default=str(BASE_DIR / "var" / "celerybeat-schedule")
)
# Collected static files (the image builds them into /app/staticfiles).
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))

# --- Observability (issue 28, docs/operations.md "Journaux et métriques") ---------------------
# One JSON log line per request (outermost middleware: it sees the final status and the whole
# duration) and on every line the request id, which Celery tasks inherit (config/celery.py).
MIDDLEWARE = ["config.observability.RequestLogMiddleware", *MIDDLEWARE]
LOGGING = {
    **LOGGING,
    "filters": {"request_id": {"()": "config.observability.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",  # ISO 8601 with the offset
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env.str("LOG_FORMAT", default="json"),
            "filters": ["request_id"],
        }
    },
}
# Prometheus (django-prometheus): request counters and latencies, served on /metrics to the
# holder of METRICS_TOKEN only. Under gunicorn set PROMETHEUS_MULTIPROC_DIR to an empty
# directory so that /metrics adds up every worker.
MASP_METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
if MASP_METRICS_TOKEN:
    INSTALLED_APPS = [*INSTALLED_APPS, "django_prometheus"]
    MIDDLEWARE = [
        "django_prometheus.middleware.PrometheusBeforeMiddleware",
        *MIDDLEWARE,
        "django_prometheus.middleware.PrometheusAfterMiddleware",
    ]
# Errors to Sentry when SENTRY_DSN is set (no personal data, no request bodies).
# Lower case: not a setting (Django settings are upper case), so never printed anywhere.
if sentry_dsn := env.str("SENTRY_DSN", default=""):
    init_sentry(
        sentry_dsn,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        release=env.str("SENTRY_RELEASE", default=""),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
