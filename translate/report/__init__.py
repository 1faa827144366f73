"""The review report: an HTML page of every catalog's entries and findings."""

DEFAULT_REPORT = "reports/review.html"
"""Where ``translate report`` writes its index page, relative to the project (its pages beside it)."""
