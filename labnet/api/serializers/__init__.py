"""Serializers of API v1, one module per domain. All read-only but the token request."""
