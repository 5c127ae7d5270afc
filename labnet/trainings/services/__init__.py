"""Writes of the trainings domain, one module per concern.

- `enrolment`: enrolling under a row lock, cancelling, the waiting list;
- `sessions`: cohort settings, creating and cancelling a session;
- `recurrences`: recurrence rules, their exceptions, generating sessions;
- `attendance`: attendance, the programme's completion rule, certificates;
- `common`: the manager check, the cohort's row lock, refusals.
"""
