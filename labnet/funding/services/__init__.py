"""Writes on the network's funding, one module per concern. Each checks the rule, runs in
one transaction and is audited.

- `sources`: funding sources (`funding_source_create`, `funding_source_update`);
- `envelopes`: envelopes and their place in the tree (`envelope_create`, `envelope_update`);
- `allocations`: an allocation's facts and its beneficiary's report (`allocation_create`,
  `allocation_update`, `allocation_update_reporting_notes`);
- `transitions`: planned -> committed -> paid, or cancelled (`allocation_transition`,
  `allocation_cancel`);
- `payments`: payments made on an allocation (`payment_record`);
- `ceilings`: the sums that must hold and the row locks that make them hold
  (`lock_envelopes`, `envelope_used`...);
- `base`: what they share (field errors, the coordination's check, keys, the allocation's
  row lock).

The sums that must hold whatever the order or concurrency of writes:
- an envelope's child envelopes plus its own allocations never sum beyond its amount;
- the allocations of an envelope (planned + committed + paid, not cancelled) never sum
  beyond it;
- the payments of an allocation never sum beyond its amount.

They are checked after locking the rows they span (`select_for_update`): the envelope's
parent chain (always locked in primary-key order, so two writers never wait for each
other), then the allocation. An unknown amount (NULL) sets no ceiling and adds nothing to a
sum: it is counted apart (docs/adr/0037-funding-money.md).
"""
