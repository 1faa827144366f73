"""The review report: an HTML page of every catalog's entries and findings."""
