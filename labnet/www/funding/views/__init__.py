"""Pages of the network's funding, one module per audience.

- `public`: the overview (/financements/) and an envelope's page;
- `allocation`: an allocation's page and what it takes (status, payment, report);
- `manage`: the coordination's management pages (sources, envelopes, allocations);
- `common`: what they share (breadcrumbs, lookups that answer 404, the form page).

Views stay thin: they read through `funding.selectors`, write through `funding.services`,
and render; a page that only shows a form asks `funding.rules.require_can_*` first (the
service asks again when it writes). A service's `ValidationError` is shown in the form's
error summary with what was typed kept.
"""
