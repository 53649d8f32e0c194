"""Lesson catalogue (content files in the repo) and the choice of the daily lesson."""
