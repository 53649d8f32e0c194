"""The organisation's own company values, which feed the values quiz."""
