"""Org directory: employees, the org chart, sign-in and the HR import."""
