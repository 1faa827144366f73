"""Tests of translate.catalog."""
