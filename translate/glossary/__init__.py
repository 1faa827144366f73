"""The term base: its model and files, source-side matching, enforcement, lint and suggestions."""
