"""REST API of the territories app."""
