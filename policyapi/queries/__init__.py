"""Read-only queries: build select(), return models or (items, total); never commit."""
