"""Pages of the funding app: a house's funding, the regional table, the national summary."""
