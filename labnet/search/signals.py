"""Keeping SQLite's term counts (`TermCount`) exact when documents are deleted: a deleted
project cascades to its document, and the database's trigger then drops its FTS row, but
only Python knows the terms that row held (PostgreSQL's trigger counts them itself)."""

from django.db import connection


def document_deleted(sender, instance, **kwargs):
    """Before a document (and so its FTS row) is deleted: its terms count one project less."""
    if connection.vendor != "sqlite":
        return
    from .backends import sqlite

    with connection.cursor() as cursor:
        sqlite.count_changes(cursor, sqlite.indexed_rows(cursor, [instance.pk]), [])
