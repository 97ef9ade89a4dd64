"""Funding: allocations per house and year, regional envelopes, cost against the reference."""
