"""Deprecated location: use `labnet.core.importing` (see labnet/imports/specs.py)."""

from labnet.core.importing.issues import *  # noqa: F403
