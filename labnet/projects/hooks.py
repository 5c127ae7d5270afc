"""What the accompaniment pipeline announces to later domains (labnet.core.hooks)."""

from labnet.core.hooks import Hook

# Fired inside the moving transaction when a project reaches the pipeline's end (status
# "closed", terminé): `project_ended.fire(project=..., actor=...)`.
project_ended = Hook("projects.project_ended")
