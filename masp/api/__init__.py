"""REST API of the masp app."""
