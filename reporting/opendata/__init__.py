"""Open data: the public activity dataset, masked by statistical secrecy (docs/open-data.md)."""
