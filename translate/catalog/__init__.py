"""Gettext catalogs: reading and writing PO files, templates, merging, notes and the memory."""
