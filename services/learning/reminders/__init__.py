"""Daily reminders: an opt-in nudge at a time the employee picks, by Web Push or e-mail."""
