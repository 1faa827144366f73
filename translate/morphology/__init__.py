"""Inflection of term renderings: every case, number and possessive form of a rendering, per language."""
