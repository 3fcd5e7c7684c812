"""gunicorn's settings for Sathi (read from the working directory; `make serve` and docs/deploy.md use it).

Every value can be changed from the environment without editing this file.
"""

import multiprocessing
import os

# One BLAS thread per worker: the release ledger's linear algebra (numpy, scipy) with a thread per core in
# every worker is many times slower on a small machine than with one (bench/README.md, evidence).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

from sathi.requestlog import JSON_FORMATTER

bind = os.environ.get("SATHI_BIND", "127.0.0.1:8000")
# Sync workers: one request at a time each, one kept database connection each (CONN_MAX_AGE).
workers = int(os.environ.get("SATHI_WEB_WORKERS") or multiprocessing.cpu_count() * 2 + 1)
timeout = int(os.environ.get("SATHI_WEB_TIMEOUT") or 30)
graceful_timeout = 20
# Load the app once in the master: a deployment that refuses to start (no secret, no keys, keys readable
# by others) stops gunicorn at once with one clear line instead of workers failing in a loop.
preload_app = True
# Recycle workers now and then so that no slow leak grows without bound.
max_requests = 2000
max_requests_jitter = 200
# The proxy in front sets X-Forwarded-Proto; Django reads it only with SATHI_BEHIND_PROXY=1.
forwarded_allow_ips = os.environ.get("SATHI_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# No access log here: sathi/requestlog.py logs each request by route pattern, without the query string,
# body or client address that gunicorn's access log would carry. gunicorn's own lines are JSON too.
control_socket_disable = True  # not used; several servers on one machine would share its path
accesslog = None
errorlog = "-"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": JSON_FORMATTER},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
    },
}
