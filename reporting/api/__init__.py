"""REST API of the reporting app."""
