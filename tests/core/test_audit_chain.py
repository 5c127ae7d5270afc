"""The audit trail is append-only and chained by hash: a changed, removed or falsely
redacted entry is found and named by `audit_verify`; concurrent writers keep the chain."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from labnet.core.audit_chain import audit_chain_verify
from labnet.core.models import GENESIS_HASH, AppendOnlyError, AuditChainHead, AuditEntry
from labnet.core.services import audit_forget, audit_record
from tests.concurrency import call_all_at_once
from tests.factories import LabFactory, UserFactory

pytestmark = pytest.mark.django_db


def _raw(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _entries(n=4):
    actor = UserFactory()
    lab = LabFactory(name="Lab Un")
    return [
        audit_record(actor=actor, action="lab.update", target=lab, changes={"n": [i, i + 1]})
        for i in range(n)
    ]


def _messages():
    return [str(problem) for problem in audit_chain_verify().problems]


def test_each_entry_links_to_the_previous_one_and_the_head_to_the_last():
    entries = _entries(3)

    assert [e.seq for e in entries] == [1, 2, 3]
    assert entries[0].prev_hash == GENESIS_HASH
    assert [e.prev_hash for e in entries[1:]] == [e.entry_hash for e in entries[:-1]]
    head = AuditChainHead.objects.get()
    assert (head.last_seq, head.last_hash) == (3, entries[-1].entry_hash)
    report = audit_chain_verify()
    assert report.ok and report.entries == 3 and report.head_hash == entries[-1].entry_hash


def test_entries_cannot_be_changed_or_deleted_through_the_orm():
    entry = _entries(1)[0]
    entry.target_repr = "autre"

    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(target_repr="autre")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.bulk_create([AuditEntry(channel="web", action="x")])
    assert audit_chain_verify().ok


def test_a_changed_entry_is_named():
    entries = _entries(4)
    _raw("UPDATE core_auditentry SET changes = %s WHERE id = %s", ['{"n": [0, 99]}', entries[1].pk])

    assert _messages() == [f"entry #2 (id {entries[1].pk}): its content was changed"]


def test_a_changed_author_or_date_is_named_too():
    entries = _entries(3)
    other = UserFactory()
    _raw("UPDATE core_auditentry SET actor_ref = %s WHERE id = %s", [other.pk, entries[0].pk])
    _raw(
        "UPDATE core_auditentry SET created_at = %s WHERE id = %s",
        [entries[2].created_at.replace(year=2020), entries[2].pk],
    )

    assert _messages() == [
        f"entry #1 (id {entries[0].pk}): its content was changed",
        f"entry #3 (id {entries[2].pk}): its content was changed",
    ]


def test_a_removed_entry_is_named():
    entries = _entries(4)
    _raw("DELETE FROM core_auditentry WHERE id = %s", [entries[1].pk])

    assert _messages() == [f"entry #3 (id {entries[2].pk}): entries #2 were removed"]


def test_a_removed_last_entry_is_found_by_the_head():
    entries = _entries(3)
    _raw("DELETE FROM core_auditentry WHERE id = %s", [entries[2].pk])

    [message] = _messages()
    assert message.startswith("chain: the head records entry #3 as the last one")
    assert "ends at #2" in message


def test_a_recomputed_content_hash_still_breaks_the_link():
    entries = _entries(3)
    entry = AuditEntry.objects.get(pk=entries[1].pk)
    entry.target_repr = "falsifié"
    _raw(
        "UPDATE core_auditentry SET target_repr = %s, content_hash = %s WHERE id = %s",
        ["falsifié", entry.compute_content_hash(), entry.pk],
    )

    assert _messages() == [f"entry #2 (id {entries[1].pk}): its link hash was changed"]


def test_a_recorded_redaction_keeps_the_chain_valid():
    lab = LabFactory(name="Lab Privé")
    entry = audit_record(actor=None, action="lab.update", target=lab, changes={"a": 1})
    audit_record(actor=None, action="lab.update", target=LabFactory(), changes={"b": 2})

    assert audit_forget(type(lab), [lab.pk]) == 1

    entry = AuditEntry.objects.get(pk=entry.pk)
    assert (entry.target_repr, entry.changes) == ("", {})
    assert entry.redacted_at is not None
    redaction = AuditEntry.objects.get(action="core.audit_redact")
    assert redaction.changes == {"reason": "forget labs.lab", "seqs": [entry.seq]}
    assert redaction.seq == 3
    assert audit_chain_verify().ok


def test_a_redaction_mark_without_a_recorded_redaction_is_tampering():
    entries = _entries(2)
    _raw(
        "UPDATE core_auditentry SET redacted_at = %s, target_repr = %s WHERE id = %s",
        [entries[0].created_at, "", entries[0].pk],
    )

    assert _messages() == [
        f"entry #1 (id {entries[0].pk}): marked redacted but no redaction lists it"
    ]


def test_the_command_says_intact_or_names_what_is_wrong():
    entries = _entries(2)
    out = StringIO()
    call_command("audit_verify", stdout=out)
    assert out.getvalue().strip() == (
        f"Audit chain intact: 2 entries, head {entries[-1].entry_hash}"
    )

    _raw("UPDATE core_auditentry SET action = %s WHERE id = %s", ["lab.delete", entries[0].pk])
    err = StringIO()
    with pytest.raises(CommandError, match="Audit chain broken: 1 problem"):
        call_command("audit_verify", stdout=StringIO(), stderr=err)
    assert err.getvalue().strip() == f"entry #1 (id {entries[0].pk}): its content was changed"


def test_an_account_deleted_later_does_not_break_the_chain():
    actor = UserFactory()
    actor_pk = actor.pk
    entry = audit_record(actor=actor, action="user.register", target=LabFactory())
    actor.delete()

    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.actor_id is None and entry.actor_ref == actor_pk
    assert audit_chain_verify().ok


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_valid_chain():
    lab = LabFactory()
    writers = [UserFactory(email=f"agent{n}@exemple.gouv.fr") for n in range(12)]

    def write(person):
        for i in range(5):
            audit_record(actor=person, action="lab.update", target=lab, changes={"i": i})

    errors = call_all_at_once(write, writers)

    assert errors == []
    assert list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True)) == list(
        range(1, 61)
    )
    report = audit_chain_verify()
    assert report.ok, report.problems
    assert report.entries == 60
