"""HTTP plumbing shared by every route: the request pipeline and its steps, links, negotiation."""
