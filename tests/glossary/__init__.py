"""Tests of translate.glossary."""
