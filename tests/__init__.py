"""Test suite of the toolkit."""
