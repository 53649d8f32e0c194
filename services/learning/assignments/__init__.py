"""Lessons assigned to people by managers (and, through events, by complaints)."""
