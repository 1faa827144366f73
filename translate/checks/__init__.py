"""Checks on translated entries, each a small function with a severity."""
