"""Authentication (passwords, tokens) and the role-level guards every service shares."""
