"""Bulk exports for researchers: CSV, NDJSON and JSON per table, a Frictionless data package,
the same files written offline, and the package read back for a round trip."""
