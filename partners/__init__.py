"""Partners: national partner organisations, local partners and conventions of each house."""
