"""Models of the people domain."""
