"""Loyalty outcomes: follow-up surveys (CSAT, NPS) and what the customer did next."""
