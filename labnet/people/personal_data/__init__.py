"""The consumer of `labnet.core.personal_data`, one module per concern:

- `rights`: a person's download (`personal_data_export`), the erasure of an account
  (`account_erase`) and the retention rule (`personal_data_purge`, `retention_days`);
- `earlier_apps`: the sections of the apps that came before the registry (accounts, labs,
  projects, intake, core);
- `sections`: this app's own sections and `register_sections`, called from
  PeopleConfig.ready();
- `base`: what they share (dates as ISO text).

Erasure keeps shared history: project journals, stage decisions, request histories and
submitted requests keep pointing at the User row, which is anonymised (its name becomes
« Personne anonymisée », see accounts.models.ANONYMOUS_NAME); what is only about the
person (profile, messages, team memberships, pool entries, drafts) is deleted.
"""
