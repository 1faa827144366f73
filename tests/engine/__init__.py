"""Tests of translate.engine."""
