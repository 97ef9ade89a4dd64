"""Views of the masp app, one module per flow (sites, reports, staffing)."""
