"""Cross-cutting REST API pieces: JSON errors in French, ordering."""
