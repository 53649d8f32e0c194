"""Complaint lifecycle: received, acknowledged, resolved, closed (and reopened), with response-time targets."""
