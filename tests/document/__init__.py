"""Tests of translate.document."""
