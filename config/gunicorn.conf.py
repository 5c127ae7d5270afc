"""gunicorn settings for production: `gunicorn -c config/gunicorn.conf.py config.wsgi`.

Every value can be overridden on the command line or with GUNICORN_CMD_ARGS.
"""

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
    """Load the URLconf (every view module), then set the collector's policy
    (config/gc_policy.py: what is loaded leaves its sight)."""
    from django.urls import get_resolver

    from config import gc_policy

    get_resolver().url_patterns  # noqa: B018 - imports every view module
    gc_policy.after_start()


def post_request(worker, req, environ, resp):
    """The response is written: collect now if the garbage is worth it, so that no
    request waits for a collection of its predecessors' (config/gc_policy.py)."""
    from config import gc_policy

    gc_policy.between_requests()
