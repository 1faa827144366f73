"""Tests of translate.checks."""
