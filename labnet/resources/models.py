"""Models of the resources domain."""
