"""Deprecated location: use `labnet.core.importing` (see labnet/imports/specs.py)."""

from labnet.core.importing.result import *  # noqa: F403
