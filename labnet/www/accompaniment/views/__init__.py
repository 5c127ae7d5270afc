"""Pages of the accompaniment, one module per concern.

- `portfolio`: the lab's board and portfolio list, taking a project up;
- `workspace`: the project's workspace, moving it along the pipeline, its sheet, partners
  and publication;
- `records`: what the team records in the workspace: activities, documents, next steps,
  notes, people;
- `common`: the workspace's lookup and rendering, which every form re-renders on error.
"""
