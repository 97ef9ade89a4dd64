"""Reporting: PDF reports for the ARS and exports, built on every other app."""
