"""Models of the calls domain."""
