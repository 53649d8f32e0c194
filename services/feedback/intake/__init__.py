"""Recording praise, complaints and suggestions: by staff on any channel, by customers on the public form."""
