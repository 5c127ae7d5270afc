"""Pages of the calls, one module per side.

- `calls`: the public list and call page; the owner's call form, publishing, closing,
  "my calls" and the answers list;
- `answering`: the answer form, co-authors, attachments, withdrawing, "my answers";
- `reviews`: the review page and the decision form;
- `common`: lookups (404 for what one may not see) and the refusal page.

Views stay thin: they read through `calls.selectors`, write through `calls.services`,
and render.
"""
