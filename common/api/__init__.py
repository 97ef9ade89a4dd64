"""Cross-cutting REST API pieces: JSON errors in French, throttling of token users, ordering."""
