"""Settings for the HTTP benchmark: the production settings plus a bare one-row JSON view for comparison."""

from sciezka.config.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.bench_urls"
# The benchmark talks plain HTTP on loopback.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
