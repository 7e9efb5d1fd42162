"""Full-text search: the index (write side, rebuilt on load) and ranked queries (read side)."""
