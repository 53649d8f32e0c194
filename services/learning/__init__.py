"""The learning service: org directory, lesson catalogue, the daily lesson, progress and assignments."""

SERVICE = "learning"
SCHEMA = "learning"
