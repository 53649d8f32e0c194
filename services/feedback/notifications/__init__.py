"""In-app notifications (e.g. a manager told that a complaint missed its target)."""
