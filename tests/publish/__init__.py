"""Tests of translate.publish."""
