"""Models of the trainings domain."""
