"""Writes of the calls domain, one module per concern.

- `calls`: creating, editing, opening and closing a call (questions, criteria, reviewers);
- `answers`: drafts, co-authors, attachments, sending and withdrawing an answer;
- `reviews`: a reviewer's scores;
- `decisions`: the owner's decision on an answer (accepted projects go to a lab's inbox);
- `base`: what they share (the answer's row lock, its authors' e-mails).

Every service checks who asks (`rules`), validates before writing (a `ValidationError`
with French messages keyed by field; answers to questions are keyed `q_<id>`, scores
`c_<id>`), runs in one transaction, is audited and queues its e-mails after commit.
"""
