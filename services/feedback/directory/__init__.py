"""Replica of the org directory, fed by the learning service's employee events."""
