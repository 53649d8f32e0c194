"""Lesson sessions, answers, spaced repetition, streaks, XP and levels."""
