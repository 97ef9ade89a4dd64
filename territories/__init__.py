"""Territories: regions and départements (INSEE COG), populations and boundaries."""
