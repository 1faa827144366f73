"""Source documents: reading them, their inline markup, and splitting them into segments."""
