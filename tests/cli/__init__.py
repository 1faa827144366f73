"""Tests of translate.cli."""
