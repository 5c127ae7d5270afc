"""Pages of the single window, one module per side.

- `guided`: the guided form, its review and co-authors (the author writing);
- `tracking`: the tracking page, the lab's decisions, the author's answers, withdrawing,
  booking a boost, "my requests";
- `inbox`: the lab's side (inbox, boost slots) and the public response times;
- `common`: step titles and the refusal page they share.

Views stay thin: they read through `intake.selectors`, write through `intake.services`,
and render.
"""
