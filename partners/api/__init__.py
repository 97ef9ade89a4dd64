"""REST API of the partners app."""
