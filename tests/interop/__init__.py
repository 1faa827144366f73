"""Tests against the real tools of others: GNU gettext, translate-toolkit, the TBX and TMX standards."""
