"""Writes of the single window, one module per concern.

- `drafts`: the guided form's steps, missing fields, co-authors;
- `submission`: sending a draft (`request_submit`), a whole request at once (`request_create`);
- `external`: requests arriving from outside (Démarches simplifiées, accepted call answers);
- `decisions`: the lab's answers, one service per decision behind `request_decide`;
- `author`: the author's side after sending (answer a question, withdraw);
- `boost`: "coup de pouce" slots and their booking;
- `base`: what they share (steps, row lock, version check, history entries).

Every service checks who asks (`rules`), validates before writing (a `ValidationError`
with a French message, field by field), runs in one transaction, appends to the request's
history (`RequestEvent`) and to the audit trail, and queues its e-mails after commit.

Decisions carry the `version` the decider saw: a decision taken on a page that is no longer
current is refused, not merged (optimistic concurrency on a row locked for the update).
"""
