"""REST API of the funding app."""
