"""gunicorn settings for production: `gunicorn -c config/gunicorn.conf.py config.wsgi`.

Every value can be overridden on the command line or with GUNICORN_CMD_ARGS.
"""

import gc
import os

import gunicorn.http.wsgi

bind = os.environ.get("LABNET_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("LABNET_WORKERS", "3"))
# The reverse proxy in front (one, see LABNET_NUM_PROXIES) sets X-Forwarded-*.
forwarded_allow_ips = os.environ.get("LABNET_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
# gunicorn names itself in a `Server` header on every answer; say nothing about the
# software instead (the proxy should hide its own too: nginx `server_tokens off`).
gunicorn.http.wsgi.SERVER = "LabNet"


def post_worker_init(worker):
    """Load the URLconf, then move everything loaded so far (Django, the apps, the routes)
    out of the garbage collector's sight: those objects live as long as the process, and
    without this every full collection walks them all again, which showed as one request in
    five or ten taking 100 ms more in the benchmarks (benchmarks/README.md)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every view module
    gc.freeze()
