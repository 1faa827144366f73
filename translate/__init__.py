"""Offline translation and publishing toolkit for a news desk: English sources to ru, tk and kk."""

__version__ = "0.1.0"
