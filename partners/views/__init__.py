"""Views of the partners app, one module per flow (directory, houses, follow-up)."""
