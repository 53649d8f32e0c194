"""The feedback service: praise and complaints about any employee, complaint lifecycle, loyalty, recognition."""

SERVICE = "feedback"
SCHEMA = "feedback"
