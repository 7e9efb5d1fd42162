"""Write use-cases; each owns its transaction."""
