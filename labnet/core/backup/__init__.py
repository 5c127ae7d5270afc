"""Backup and restore of a LabNet instance: its database and its uploaded files, in one tar
with a manifest of hashes (docs/adr/0046-access-backup-and-restore.md).

`archive.py` writes and restores the tar, `database.py` dumps and loads each vendor's
database, `manifest.py` says what a backup holds and checks it.
"""
