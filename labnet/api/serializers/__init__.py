"""Serializers of API v1, one module per domain; those that validate a write (a request,
a decision, an answer, a review, a registration...) sit beside the read ones."""
