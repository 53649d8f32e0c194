"""Customers' personal data: kept apart, erasable, and removed after the retention period."""
