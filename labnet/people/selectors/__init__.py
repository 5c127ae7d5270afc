"""Reads of the people domain, one module per concern. Consent is decided here, and only
here.

- `findable`: `findable_profiles()`, the one queryset of profiles other people may see
  (the person opted in, the account is active and not erased), and `public_person()`, which
  turns such a profile into a `PublicPerson` whose hidden parts are blanked, so a page, an
  API answer or an export built from it cannot show what the person did not choose to
  show; the filters (`Criteria`), which only look at the parts a person shows: filtering
  by region never reveals the region of someone who hid it;
- `ranking`: the fit between a person and what is looked for (`fit_score`, `rank_people`)
  and the expert finder (`expert_search`);
- `own`: what a person reads of their own: their profile and their conversations.

Every list is read in a fixed number of queries (profiles, skills, memberships,
contributions; the expert finder ranks all matches in one more), whatever the number of
people.
"""
