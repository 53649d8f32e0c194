"""Practice scenarios written by managers from real (anonymised) complaints, approved by HR, reviewed by the team."""
