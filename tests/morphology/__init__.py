"""Tests of translate.morphology."""
