"""Exports for analysts: one column specification drives CSV, JSON Lines and XLSX."""
